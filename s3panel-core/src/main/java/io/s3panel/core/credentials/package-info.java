/**
 * Credential sets: the plaintext value ({@link io.s3panel.core.credentials.CredentialSet}), its sealed
 * form ({@link io.s3panel.core.credentials.SealedCredential}), the storage SPI
 * ({@link io.s3panel.core.credentials.CredentialStore}) with an in-memory implementation, and the
 * manager that validates, seals and stores ({@link io.s3panel.core.credentials.CredentialManager}).
 *
 * <p>Parameters and return values are non-null unless a member's Javadoc says otherwise.
 */
package io.s3panel.core.credentials;
