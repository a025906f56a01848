package io.s3panel.core.vault;

import com.google.crypto.tink.KeysetHandle;
import io.s3panel.core.CredentialUnreadableException;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.credentials.CredentialStore;
import io.s3panel.core.credentials.SealedCredential;
import io.s3panel.core.internal.TinkVault;
import java.time.Instant;

/**
 * Seals and opens credential sets with Tink AEAD.
 *
 * <p>A vault only uses its keyset, it never hands it out: whoever creates the vault holds the
 * {@link KeysetHandle} and saves or rotates it with {@link Keysets}.
 *
 * <p>Guarantees: every field is encrypted separately with associated data naming the owner, the
 * identifier and the field, so a ciphertext copied to another row or another field, or changed by a
 * single bit, fails to open with {@link CredentialUnreadableException} — never garbage and never another
 * set's secret. Ciphertexts carry the id of the key that made them, so sets sealed under older keys of
 * the keyset still open after rotation. Instances are immutable and thread-safe; the primitive is built
 * once, not per call.
 *
 * <pre>{@code
 * Vault vault = Vault.create(Keysets.generate());
 * SealedCredential sealed = vault.seal(new CredentialRef("alice", "prod"), set, now, now, 1);
 * CredentialSet again = vault.open(sealed);
 * }</pre>
 */
public interface Vault {

  /**
   * A vault over {@code keyset}, which must hold AEAD keys (see {@link Keysets#generate()}).
   *
   * @throws IllegalArgumentException if the keyset cannot produce an AEAD primitive
   */
  static Vault create(KeysetHandle keyset) {
    return TinkVault.create(keyset);
  }

  /** Seals every secret field of {@code set} for the row {@code ref}. */
  SealedCredential seal(CredentialRef ref, CredentialSet set, Instant createdAt, Instant updatedAt, long version);

  /**
   * Opens a sealed set.
   *
   * @throws CredentialUnreadableException if any field fails to decrypt for this row
   */
  CredentialSet open(SealedCredential sealed);

  /** Encrypts one field's value for the row {@code ref}. */
  byte[] sealField(CredentialRef ref, CredentialField field, String plaintext);

  /**
   * Decrypts one field's value of the row {@code ref}.
   *
   * @throws CredentialUnreadableException if the ciphertext was not made for this row and field by a key
   *     of this vault's keyset, or was changed
   */
  String openField(CredentialRef ref, CredentialField field, byte[] ciphertext);

  /**
   * Re-seals every set in {@code store} under this vault's primary key, one row at a time with a
   * version-checked update (a row changed concurrently is re-read and retried). Rows that do not open
   * are left as they are and counted.
   *
   * @return how many rows were re-sealed and how many could not be read
   */
  ReencryptionReport reencryptAll(CredentialStore store);

  /**
   * What {@link #reencryptAll} did.
   *
   * @param reencrypted rows now sealed under the primary key
   * @param unreadable rows that failed to open and were left unchanged
   */
  record ReencryptionReport(int reencrypted, int unreadable) {}
}
