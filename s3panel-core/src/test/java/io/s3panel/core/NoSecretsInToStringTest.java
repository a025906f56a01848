package io.s3panel.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import io.s3panel.core.connect.ConnectionSettings;
import io.s3panel.core.connect.OwnedConnection;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.credentials.CredentialSummary;
import io.s3panel.core.credentials.CredentialUpdate;
import io.s3panel.core.credentials.InMemoryCredentialStore;
import io.s3panel.core.presign.PresignRequest;
import io.s3panel.core.presign.PresignedUrl;
import io.s3panel.core.testing.Panels;
import io.s3panel.testing.S3ProxyServer;
import io.s3panel.core.vault.Keysets;
import io.s3panel.core.vault.Vault;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every public type that can hold a secret prints none of it. */
class NoSecretsInToStringTest {
  static final String KEY_ID = "AKIAQWERTYUIOPASDFGH";
  static final String SECRET = "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";
  static final String TOKEN = "IQoJb3JpZ2luX2VjEOT//SessionTokenMustNotShow==";
  static final KeysetHandle KEYSET = Keysets.generate();

  @Test
  void noPublicTypePrintsTheSecretTheTokenOrTheFullKeyId() {
    try (S3ProxyServer server = S3ProxyServer.start(KEY_ID, SECRET); S3Panel panel = Panels.builder()
        .credentialStore(new InMemoryCredentialStore()).vault(Vault.create(KEYSET)).build()) {
      server.bucket("bkt").put("bkt", "k", "v");
      CredentialSet set = Panels.credentials(server);
      CredentialSet withToken = set.toBuilder().sessionToken(TOKEN).build();
      panel.credentials().add("1", "main", set);
      S3Account account = panel.account("1", "main");
      PresignedUrl url = account.presign(PresignRequest.of(b -> b.bucket("bkt").key("k")));
      CredentialSummary summary = panel.credentials().get("1", "main");
      OwnedConnection owned = panel.connections().open(set);
      List<Object> all = new ArrayList<>(List.of(set, withToken,
          panel.vault().seal(new CredentialRef("1", "xyz"), withToken, Instant.now(), Instant.now(), 1),
          summary, account, panel, panel.vault(), panel.connections(), panel.store(), owned, url,
          CredentialUpdate.builder().secretAccessKey(SECRET).sessionToken(TOKEN).accessKeyId(KEY_ID).build(),
          ConnectionSettings.defaults(), new CredentialRef("1", "xyz")));
      owned.close();
      for (Object o : all) {
        assertThat(o.toString()).as(o.getClass().getName())
            .doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain(KEY_ID)
            .doesNotContain("Signature=").doesNotContain(Keysets.toCleartextJson(KEYSET));
      }
      assertThat(summary.maskedAccessKeyId()).isEqualTo("AKIA************DFGH");
    }
  }
}
