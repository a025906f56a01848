/**
 * Encryption of stored credentials with Google Tink AEAD (AES256_GCM): {@link io.s3panel.core.vault.Vault}
 * seals and opens, {@link io.s3panel.core.vault.Keysets} generates, loads, saves and rotates keysets.
 *
 * <p>Parameters and return values are non-null unless a member's Javadoc says otherwise.
 */
package io.s3panel.core.vault;
