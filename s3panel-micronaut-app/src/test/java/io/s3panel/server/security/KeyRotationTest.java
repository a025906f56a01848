package io.s3panel.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import io.micronaut.context.ApplicationContext;
import io.s3panel.testing.S3ProxyServer;
import io.s3panel.core.vault.Keysets;
import io.s3panel.server.TestProperties;
import io.s3panel.server.api.Api;
import io.s3panel.server.config.KeyRotation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SECURITY.md item 4, end to end: the rotate-keys command runs while the server keeps serving. */
class KeyRotationTest {

  @Test
  void rotateKeys_whileServing_reencryptsEveryRow_disablesTheOldKey_andNothingFails(@TempDir Path dir) throws Exception {
    Map<String, Object> props = TestProperties.in(dir);
    props.put("s3panel.keyset-reload-interval", "300ms");
    try (S3ProxyServer s3 = S3ProxyServer.start().bucket("rot"); Api api = Api.start(props)) {
      List<Api.Tokens> users = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Api.Tokens t = api.registerAndLogin("rot-user-" + i);
        assertThat(api.post("/api/aws-credentials/add", t.access(), SecretsAtRestTest.set(s3, "main")).status())
            .isEqualTo(201);
        users.add(t);
      }
      KeysetHandle before = Keysets.parseCleartextJson(Files.readString(dir.resolve("dev-keyset.json")));
      int oldKeyId = before.getPrimary().getId();

      AtomicBoolean stop = new AtomicBoolean();
      List<Integer> statuses = new CopyOnWriteArrayList<>();
      Thread traffic = new Thread(() -> {
        int i = 0;
        while (!stop.get()) {
          Api.Tokens t = users.get(i++ % users.size());
          statuses.add(api.get("/api/buckets?aws_cred=main", t.access()).status());
          if (i % 4 == 0) {
            // New sets keep arriving during the rotation too.
            statuses.add(api.post("/api/aws-credentials/add", t.access(), SecretsAtRestTest.set(s3, "during-" + i))
                .status());
          }
        }
      });
      traffic.start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int exit;
      try (ApplicationContext command = ApplicationContext.run(props)) {
        exit = KeyRotation.run(command, new PrintStream(out, true, StandardCharsets.UTF_8), Duration.ofSeconds(1));
      }
      Thread.sleep(1000); // the server reloads the final keyset
      stop.set(true);
      traffic.join();

      assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(statuses).isNotEmpty().containsOnly(200, 201);
      KeysetHandle after = Keysets.parseCleartextJson(Files.readString(dir.resolve("dev-keyset.json")));
      assertThat(after.size()).isEqualTo(2);
      assertThat(after.getPrimary().getId()).isNotEqualTo(oldKeyId);
      for (int i = 0; i < after.size(); i++) {
        if (after.getAt(i).getId() == oldKeyId) {
          assertThat(after.getAt(i).getStatus()).isEqualTo(KeyStatus.DISABLED);
        }
      }
      // Every stored ciphertext now carries the new primary key's id (Tink prefix: 0x01 + 4-byte key id).
      DataSource ds = api.context().getBean(io.micronaut.jdbc.DataSourceResolver.class)
          .resolve(api.context().getBean(DataSource.class));
      int rows = 0;
      try (Connection c = ds.getConnection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT sealed_access_key_id, sealed_secret_access_key FROM credential_sets")) {
        while (rs.next()) {
          rows++;
          for (int col = 1; col <= 2; col++) {
            assertThat(ByteBuffer.wrap(rs.getBytes(col), 1, 4).getInt()).isEqualTo(after.getPrimary().getId());
          }
        }
      }
      assertThat(rows).isGreaterThan(4);
      for (Api.Tokens t : users) {
        assertThat(api.get("/api/buckets?aws_cred=main", t.access()).status()).isEqualTo(200);
        assertThat(api.get("/api/aws-credentials", t.access()).list())
            .allSatisfy(s -> assertThat(s).containsEntry("readable", true));
      }
    }
  }
}
