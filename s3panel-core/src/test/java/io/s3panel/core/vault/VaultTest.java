package io.s3panel.core.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import io.s3panel.core.CredentialUnreadableException;
import io.s3panel.core.ErrorCode;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.credentials.InMemoryCredentialStore;
import io.s3panel.core.credentials.SealedCredential;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VaultTest {
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String TOKEN = "FwoGZXIvYXdzEBYaDHqa0AP1/TOKEN+VALUE==";
  static final CredentialSet SET = CredentialSet.builder()
      .accessKeyId("AKIAIOSFODNN7EXAMPLE")
      .secretAccessKey(SECRET)
      .sessionToken(TOKEN)
      .region("eu-west-1")
      .endpoint(URI.create("http://127.0.0.1:9000"))
      .pathStyle(true)
      .build();
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final CredentialRef ALICE_PROD = new CredentialRef("1", "prod");

  final KeysetHandle keyset = Keysets.generate();
  final Vault vault = Vault.create(keyset);

  @Test
  void sealThenOpen_roundTripsEveryField() {
    SealedCredential sealed = vault.seal(ALICE_PROD, SET, NOW, NOW, 1);
    assertThat(vault.open(sealed)).isEqualTo(SET);
    assertThat(sealed.sealedSecretAccessKey()).isNotEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
    assertThat(new String(sealed.sealedSecretAccessKey(), StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
  }

  @Test
  void sameSecretTwice_givesDifferentCiphertexts() {
    byte[] a = vault.sealField(ALICE_PROD, CredentialField.SECRET_ACCESS_KEY, SECRET);
    byte[] b = vault.sealField(ALICE_PROD, CredentialField.SECRET_ACCESS_KEY, SECRET);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void ciphertextMovedToAnotherOwner_isUnreadable() {
    SealedCredential sealed = vault.seal(ALICE_PROD, SET, NOW, NOW, 1);
    SealedCredential moved = withRef(sealed, new CredentialRef("2", "prod"));
    assertThatThrownBy(() -> vault.open(moved))
        .isInstanceOf(CredentialUnreadableException.class)
        .satisfies(e -> assertThat(((CredentialUnreadableException) e).code()).isEqualTo(ErrorCode.CREDENTIAL_UNREADABLE))
        .hasMessageContaining("cannot be decrypted")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void ciphertextMovedToAnotherIdentifier_isUnreadable() {
    SealedCredential sealed = vault.seal(ALICE_PROD, SET, NOW, NOW, 1);
    assertThatThrownBy(() -> vault.open(withRef(sealed, new CredentialRef("1", "staging"))))
        .isInstanceOf(CredentialUnreadableException.class);
  }

  @Test
  void ciphertextMovedToAnotherField_isUnreadable() {
    byte[] secret = vault.sealField(ALICE_PROD, CredentialField.SECRET_ACCESS_KEY, SECRET);
    assertThatThrownBy(() -> vault.openField(ALICE_PROD, CredentialField.ACCESS_KEY_ID, secret))
        .isInstanceOf(CredentialUnreadableException.class);
    SealedCredential sealed = vault.seal(ALICE_PROD, SET, NOW, NOW, 1);
    SealedCredential swapped = new SealedCredential(ALICE_PROD, sealed.sealedSecretAccessKey(),
        sealed.sealedAccessKeyId(), sealed.sealedSessionToken(), "eu-west-1", null, false, NOW, NOW, 1);
    assertThatThrownBy(() -> vault.open(swapped)).isInstanceOf(CredentialUnreadableException.class);
  }

  @Test
  void anySingleFlippedBit_isDetected() {
    byte[] secret = vault.sealField(ALICE_PROD, CredentialField.SECRET_ACCESS_KEY, SECRET);
    for (int i = 0; i < secret.length; i++) {
      for (int bit = 0; bit < 8; bit += 7) {
        byte[] tampered = secret.clone();
        tampered[i] ^= (byte) (1 << bit);
        assertThatThrownBy(() -> vault.openField(ALICE_PROD, CredentialField.SECRET_ACCESS_KEY, tampered))
            .as("byte %d bit %d", i, bit)
            .isInstanceOf(CredentialUnreadableException.class);
      }
    }
    byte[] truncated = java.util.Arrays.copyOf(secret, secret.length - 1);
    assertThatThrownBy(() -> vault.openField(ALICE_PROD, CredentialField.SECRET_ACCESS_KEY, truncated))
        .isInstanceOf(CredentialUnreadableException.class);
  }

  @Test
  void anotherKeyset_cannotOpen() {
    SealedCredential sealed = vault.seal(ALICE_PROD, SET, NOW, NOW, 1);
    Vault other = Vault.create(Keysets.generate());
    assertThatThrownBy(() -> other.open(sealed)).isInstanceOf(CredentialUnreadableException.class);
  }

  @Test
  void rotation_keepsOldRowsReadable_thenReencryptionMovesThemToTheNewPrimary() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    for (int i = 0; i < 5; i++) {
      store.create(vault.seal(new CredentialRef("u" + i, "set-" + i), SET, NOW, NOW, 1));
    }
    KeysetHandle rotated = Keysets.withNewPrimaryKey(keyset);
    Vault next = Vault.create(rotated);
    assertThat(rotated.size()).isEqualTo(2);
    assertThat(rotated.getPrimary().getId()).isNotEqualTo(keyset.getPrimary().getId());
    // Old rows still open under the rotated keyset.
    store.listAllRefs().forEach(ref -> assertThat(next.open(store.find(ref).orElseThrow())).isEqualTo(SET));

    Vault.ReencryptionReport report = next.reencryptAll(store);
    assertThat(report.reencrypted()).isEqualTo(5);
    assertThat(report.unreadable()).isZero();
    store.listAllRefs().forEach(ref -> assertThat(store.find(ref).orElseThrow().version()).isEqualTo(2));

    // With the old key disabled, every row still opens (they are all under the new primary now) ...
    Vault onlyNew = Vault.create(Keysets.withOnlyPrimaryEnabled(rotated));
    store.listAllRefs().forEach(ref -> assertThat(onlyNew.open(store.find(ref).orElseThrow())).isEqualTo(SET));
    // ... while a row sealed by the old key alone no longer does.
    SealedCredential old = vault.seal(ALICE_PROD, SET, NOW, NOW, 1);
    assertThatThrownBy(() -> onlyNew.open(old)).isInstanceOf(CredentialUnreadableException.class);
    assertThat(Keysets.describe(Keysets.withOnlyPrimaryEnabled(rotated))).startsWith("2 keys, 1 enabled");
  }

  @Test
  void reencryptAll_leavesUnreadableRowsAndCountsThem() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    store.create(vault.seal(ALICE_PROD, SET, NOW, NOW, 1));
    store.create(Vault.create(Keysets.generate()).seal(new CredentialRef("9", "foreign"), SET, NOW, NOW, 1));
    Vault.ReencryptionReport report = vault.reencryptAll(store);
    assertThat(report).isEqualTo(new Vault.ReencryptionReport(1, 1));
  }

  @Test
  void keysets_roundTripAsCleartextAndEncryptedJson() throws Exception {
    SealedCredential sealed = vault.seal(ALICE_PROD, SET, NOW, NOW, 1);
    String clear = Keysets.toCleartextJson(keyset);
    assertThat(Vault.create(Keysets.parseCleartextJson(clear)).open(sealed)).isEqualTo(SET);

    Aead kek = Keysets.generate().getPrimitive(RegistryConfiguration.get(), Aead.class);
    byte[] ad = "s3panel-keyset".getBytes(StandardCharsets.UTF_8);
    String encrypted = Keysets.toEncryptedJson(keyset, kek, ad);
    assertThat(encrypted).doesNotContain(clear.substring(clear.indexOf("value") + 10, clear.indexOf("value") + 30));
    assertThat(Vault.create(Keysets.parseEncryptedJson(encrypted, kek, ad)).open(sealed)).isEqualTo(SET);

    Aead otherKek = Keysets.generate().getPrimitive(RegistryConfiguration.get(), Aead.class);
    assertThatThrownBy(() -> Keysets.parseEncryptedJson(encrypted, otherKek, ad))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Keysets.parseCleartextJson("{\"not\": \"a keyset\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The keyset is not a valid Tink JSON keyset.");
  }

  @Test
  void toStrings_neverShowSecretsOrKeyMaterial() {
    SealedCredential sealed = vault.seal(ALICE_PROD, SET, NOW, NOW, 1);
    String clear = Keysets.toCleartextJson(keyset);
    for (Object o : new Object[] {SET, sealed, vault}) {
      assertThat(o.toString())
          .doesNotContain(SECRET)
          .doesNotContain(TOKEN)
          .doesNotContain("AKIAIOSFODNN7EXAMPLE")
          .doesNotContain("value");
    }
    assertThat(SET.toString()).contains("AKIA************MPLE");
    assertThat(clear).contains("value"); // the keyset JSON itself is secret; only toString must not be
  }

  private static SealedCredential withRef(SealedCredential s, CredentialRef ref) {
    return new SealedCredential(ref, s.sealedAccessKeyId(), s.sealedSecretAccessKey(), s.sealedSessionToken(),
        s.region(), s.endpoint(), s.pathStyle(), s.createdAt(), s.updatedAt(), s.version());
  }
}
