package io.s3panel.core.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import io.s3panel.core.ConflictException;
import io.s3panel.core.CredentialUnreadableException;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.credentials.CredentialStore;
import io.s3panel.core.credentials.SealedCredential;
import io.s3panel.core.vault.CredentialField;
import io.s3panel.core.vault.Keysets;
import io.s3panel.core.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Vault} over one Tink AEAD primitive. */
public final class TinkVault implements Vault {
  private static final Logger LOG = LoggerFactory.getLogger(TinkVault.class);
  private static final byte[] CONTEXT = "s3panel/credential/v1".getBytes(StandardCharsets.UTF_8);

  private final KeysetHandle keyset;
  private final Aead aead;

  private TinkVault(KeysetHandle keyset, Aead aead) {
    this.keyset = keyset;
    this.aead = aead;
  }

  /** See {@link Vault#create}. */
  public static TinkVault create(KeysetHandle keyset) {
    Keysets.register();
    try {
      return new TinkVault(keyset, keyset.getPrimitive(RegistryConfiguration.get(), Aead.class));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("The keyset does not hold usable AEAD keys.");
    }
  }

  @Override
  public SealedCredential seal(
      CredentialRef ref, CredentialSet set, Instant createdAt, Instant updatedAt, long version) {
    return new SealedCredential(
        ref,
        sealField(ref, CredentialField.ACCESS_KEY_ID, set.accessKeyId()),
        sealField(ref, CredentialField.SECRET_ACCESS_KEY, set.secretAccessKey()),
        set.sessionToken().map(t -> sealField(ref, CredentialField.SESSION_TOKEN, t)).orElse(null),
        set.region(),
        set.endpoint().map(URI::toString).orElse(null),
        set.pathStyle(),
        createdAt,
        updatedAt,
        version);
  }

  @Override
  public CredentialSet open(SealedCredential sealed) {
    CredentialRef ref = sealed.ref();
    byte[] token = sealed.sealedSessionToken();
    try {
      return CredentialSet.builder()
          .accessKeyId(openField(ref, CredentialField.ACCESS_KEY_ID, sealed.sealedAccessKeyId()))
          .secretAccessKey(openField(ref, CredentialField.SECRET_ACCESS_KEY, sealed.sealedSecretAccessKey()))
          .sessionToken(token == null ? null : openField(ref, CredentialField.SESSION_TOKEN, token))
          .region(sealed.region())
          .endpoint(sealed.endpointUrl().map(URI::create).orElse(null))
          .pathStyle(sealed.pathStyle())
          .build();
    } catch (CredentialUnreadableException e) {
      throw e;
    } catch (RuntimeException e) {
      // Decrypted but not a valid set (e.g. a stored endpoint that no longer parses).
      throw unreadable(ref);
    }
  }

  @Override
  public byte[] sealField(CredentialRef ref, CredentialField field, String plaintext) {
    try {
      return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), associatedData(ref, field));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Encryption failed", e);
    }
  }

  @Override
  public String openField(CredentialRef ref, CredentialField field, byte[] ciphertext) {
    try {
      byte[] plain = aead.decrypt(ciphertext, associatedData(ref, field));
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(plain)).toString();
    } catch (GeneralSecurityException | java.nio.charset.CharacterCodingException e) {
      throw unreadable(ref);
    }
  }

  private static CredentialUnreadableException unreadable(CredentialRef ref) {
    return new CredentialUnreadableException("The stored credential set '" + ref.identifier()
        + "' cannot be decrypted: it was damaged, moved, or sealed with a key this server no longer has."
        + " Delete it and add it again.");
  }


  @Override
  public ReencryptionReport reencryptAll(CredentialStore store) {
    int done = 0;
    int unreadable = 0;
    for (CredentialRef ref : store.listAllRefs()) {
      for (int attempt = 0; ; attempt++) {
        Optional<SealedCredential> current = store.find(ref);
        if (current.isEmpty()) {
          break; // deleted meanwhile
        }
        SealedCredential row = current.get();
        CredentialSet plain;
        try {
          plain = open(row);
        } catch (CredentialUnreadableException e) {
          LOG.warn("Credential set {} of owner {} cannot be decrypted and was left as it is.",
              ref.identifier(), ref.owner());
          unreadable++;
          break;
        }
        SealedCredential resealed = seal(ref, plain, row.createdAt(), row.updatedAt(), row.version() + 1);
        try {
          store.update(resealed, row.version());
          done++;
          break;
        } catch (ConflictException e) {
          if (attempt >= 4) {
            throw e;
          }
        }
      }
    }
    return new ReencryptionReport(done, unreadable);
  }

  /** Length-prefixed context, owner, identifier and field: no two rows or fields share associated data. */
  static byte[] associatedData(CredentialRef ref, CredentialField field) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(96);
    writePart(out, CONTEXT);
    writePart(out, ref.owner().getBytes(StandardCharsets.UTF_8));
    writePart(out, ref.identifier().getBytes(StandardCharsets.UTF_8));
    writePart(out, field.label().getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static void writePart(ByteArrayOutputStream out, byte[] part) {
    int n = part.length;
    out.write(n >>> 24);
    out.write(n >>> 16);
    out.write(n >>> 8);
    out.write(n);
    out.write(part, 0, part.length);
  }

  @Override
  public String toString() {
    return "Vault{" + Keysets.describe(keyset) + '}';
  }
}
