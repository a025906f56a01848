/**
 * The implementations behind the API; not API.
 *
 * <p>Nothing here is for applications: build everything through {@link io.s3panel.core.S3Panel},
 * {@link io.s3panel.core.connect.ConnectionCache#create} and {@link io.s3panel.core.vault.Vault#create}.
 * The module descriptor does not export this package, and every class in it is package-private except the
 * four those entry points construct from their own packages ({@code DefaultS3Account},
 * {@code DefaultCredentialManager}, {@code DefaultConnectionCache}, {@code TinkVault}); the core's
 * {@code CoreBoundaryTest} keeps it so, and each module that uses the core checks it imports nothing from here.
 * Names, constructors and behaviour here may change in any release.
 */
package io.s3panel.core.internal;
