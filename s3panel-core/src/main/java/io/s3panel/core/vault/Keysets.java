package io.s3panel.core.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;

/**
 * Creates, loads, saves and rotates the Tink keysets a {@link Vault} uses. All keys are AES256_GCM.
 *
 * <p>Two storage forms: cleartext JSON (development only: whoever reads the file can decrypt every
 * stored secret) and JSON encrypted under a key-encryption {@link Aead}, for example one from a cloud KMS
 * or a Tink keyset kept elsewhere (production). Parsing failures throw {@link IllegalArgumentException}
 * whose message never contains key material.
 *
 * <p>Rotation: {@link #withNewPrimaryKey} adds a key and makes it primary (old ciphertexts still open),
 * {@link Vault#reencryptAll} moves every row to the new key, then {@link #withOnlyPrimaryEnabled}
 * disables the old keys.
 */
public final class Keysets {
  static {
    register();
  }

  private Keysets() {}

  /** Registers Tink's AEAD primitives; idempotent, called for you by every method here. */
  public static void register() {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink AEAD could not be registered", e);
    }
  }

  /** A new keyset with one AES256_GCM key. */
  public static KeysetHandle generate() {
    try {
      return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not generate an AES256_GCM key", e);
    }
  }

  /** Parses a cleartext JSON keyset. Development only. */
  public static KeysetHandle parseCleartextJson(String json) {
    try {
      return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("The keyset is not a valid Tink JSON keyset.");
    }
  }

  /** Serializes {@code keyset} as cleartext JSON. Development only: the output is secret. */
  public static String toCleartextJson(KeysetHandle keyset) {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The keyset could not be serialized", e);
    }
  }

  /**
   * Parses a JSON keyset encrypted under {@code keyEncryptionKey} with {@code associatedData}.
   *
   * @throws IllegalArgumentException if it does not decrypt or parse
   */
  public static KeysetHandle parseEncryptedJson(String json, Aead keyEncryptionKey, byte[] associatedData) {
    try {
      return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(json, keyEncryptionKey, associatedData);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "The encrypted keyset could not be opened: wrong key-encryption key, associated data, or a damaged file.");
    }
  }

  /** Serializes {@code keyset} encrypted under {@code keyEncryptionKey} with {@code associatedData}. */
  public static String toEncryptedJson(KeysetHandle keyset, Aead keyEncryptionKey, byte[] associatedData) {
    try {
      return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, keyEncryptionKey, associatedData);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The keyset could not be encrypted", e);
    }
  }

  /** A copy of {@code keyset} with a new AES256_GCM key added and made primary; old keys stay enabled. */
  public static KeysetHandle withNewPrimaryKey(KeysetHandle keyset) {
    try {
      KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
      builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
          .withRandomId()
          .makePrimary());
      return builder.build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not add a key to the keyset", e);
    }
  }

  /** A copy of {@code keyset} in which every key but the primary is disabled (kept, but unusable). */
  public static KeysetHandle withOnlyPrimaryEnabled(KeysetHandle keyset) {
    try {
      KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
      for (int i = 0; i < builder.size(); i++) {
        KeysetHandle.Builder.Entry entry = builder.getAt(i);
        if (!entry.isPrimary()) {
          entry.setStatus(KeyStatus.DISABLED);
        }
      }
      return builder.build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not disable the old keys", e);
    }
  }

  /** How many keys {@code keyset} holds and how many of them are enabled, e.g. {@code 2 keys, 1 enabled}. */
  public static String describe(KeysetHandle keyset) {
    int enabled = 0;
    for (int i = 0; i < keyset.size(); i++) {
      if (keyset.getAt(i).getStatus() == KeyStatus.ENABLED) {
        enabled++;
      }
    }
    return keyset.size() + " keys, " + enabled + " enabled, primary id " + keyset.getPrimary().getId();
  }
}
