package io.s3panel.server.security;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.S3ProxyServer;
import io.s3panel.server.TestProperties;
import io.s3panel.server.api.Api;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SECURITY.md items 1–3: nothing readable at rest; moved or flipped ciphertext fails cleanly. */
class SecretsAtRestTest {
  static final String TOKEN = "IQoJb3JpZ2luX2VjEPr//////////SessionTokenForAtRestTest==";

  @Test
  void rawH2File_containsNoSecretNoTokenNoFullKeyId(@TempDir Path dir) throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start().bucket("rest")) {
      Map<String, Object> props = TestProperties.in(dir);
      // The default database: an H2 file under the data dir.
      props.put("datasources.default.url", "jdbc:h2:file:" + dir.resolve("db/s3panel")
          + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
      try (Api api = Api.start(props)) {
        flow(api, s3);
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(dir.resolve("db"))) {
        files = walk.filter(Files::isRegularFile).toList();
      }
      assertThat(files).isNotEmpty();
      for (Path f : files) {
        String raw = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(raw).as(f.toString()).doesNotContain(s3.secretAccessKey()).doesNotContain(s3.accessKeyId())
            .doesNotContain(TOKEN).doesNotContain(s3.secretAccessKey().substring(8, 30));
        // The flow really did store the set: its identifier is there in clear.
      }
      String all = files.stream().map(f -> {
        try {
          return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).reduce("", String::concat);
      assertThat(all).contains("at-rest-set");
    }
  }

  @Test
  @org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable(named = "S3PANEL_TEST_POSTGRES", matches = "true")
  void postgresTables_dumpedAsText_containNoSecretNoTokenNoFullKeyId() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:5432/test";
    String schema = "s3panel_rest_" + java.util.UUID.randomUUID().toString().replace("-", "");
    try (Connection admin = java.sql.DriverManager.getConnection(url, "postgres", "");
        Statement st = admin.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    try (S3ProxyServer s3 = S3ProxyServer.start().bucket("rest");
        Api api = Api.start(Map.of("datasources.default.url", url + "?currentSchema=" + schema,
            "datasources.default.username", "postgres", "datasources.default.password", ""))) {
      flow(api, s3);
      StringBuilder dump = new StringBuilder();
      try (Connection c = java.sql.DriverManager.getConnection(url + "?currentSchema=" + schema, "postgres", "");
          Statement st = c.createStatement()) {
        for (String table : List.of("users", "credential_sets", "refresh_families", "login_throttle", "tasks")) {
          try (ResultSet rs = st.executeQuery("SELECT t::text FROM " + table + " t")) {
            while (rs.next()) {
              dump.append(rs.getString(1)).append('\n');
            }
          }
        }
      }
      String text = dump.toString();
      assertThat(text).contains("at-rest-set");
      for (String secret : List.of(s3.secretAccessKey(), s3.accessKeyId(), TOKEN)) {
        assertThat(text).doesNotContain(secret)
            .doesNotContain(java.util.HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)));
      }
    } finally {
      try (Connection admin = java.sql.DriverManager.getConnection(url, "postgres", "");
          Statement st = admin.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  @Test
  void ciphertextMovedToAnotherUsersRow_orFlipped_isUnreadable_andOthersAreUnaffected() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start().bucket("rest"); Api api = Api.start()) {
      Api.Tokens alice = api.registerAndLogin("rest-alice");
      Api.Tokens bob = api.registerAndLogin("rest-bob");
      Api.Tokens carol = api.registerAndLogin("rest-carol");
      for (Api.Tokens t : List.of(alice, bob, carol)) {
        assertThat(api.post("/api/aws-credentials/add", t.access(), set(s3, "main")).status()).isEqualTo(201);
      }
      DataSource ds = raw(api);
      // Copy Alice's sealed secret into Bob's row; flip one byte of Carol's.
      sql(ds, "UPDATE credential_sets SET sealed_secret_access_key = (SELECT c.sealed_secret_access_key FROM"
          + " credential_sets c JOIN users u ON u.id = c.owner_id WHERE u.username = 'rest-alice')"
          + " WHERE owner_id = (SELECT id FROM users WHERE username = 'rest-bob')");
      byte[] carolSecret = bytes(ds, "SELECT sealed_secret_access_key FROM credential_sets WHERE owner_id ="
          + " (SELECT id FROM users WHERE username = 'rest-carol')");
      carolSecret[carolSecret.length / 2] ^= 0x01;
      try (Connection c = ds.getConnection(); var ps = c.prepareStatement("UPDATE credential_sets SET"
          + " sealed_secret_access_key = ?, version = version + 1 WHERE owner_id = (SELECT id FROM users WHERE"
          + " username = 'rest-carol')")) {
        ps.setBytes(1, carolSecret);
        ps.executeUpdate();
      }
      sql(ds, "UPDATE credential_sets SET version = version + 1 WHERE owner_id = (SELECT id FROM users WHERE"
          + " username = 'rest-bob')");
      for (Api.Tokens t : List.of(bob, carol)) {
        Api.Response r = api.get("/api/buckets?aws_cred=main", t.access());
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.map()).containsEntry("code", "credential_unreadable");
        assertThat(r.string("error")).contains("cannot be decrypted");
        assertThat(r.body()).doesNotContain(s3.secretAccessKey());
        assertThat(api.get("/api/aws-credentials", t.access()).list().get(0)).containsEntry("readable", false);
      }
      assertThat(api.get("/api/buckets?aws_cred=main", alice.access()).status()).isEqualTo(200);
    }
  }

  @Test
  void concurrentAddsOfOneIdentifier_oneCreatedTheOthersConflict() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start(); Api api = Api.start()) {
      Api.Tokens t = api.registerAndLogin("rest-race");
      List<Integer> statuses = io.s3panel.server.Concurrently.run(8,
          () -> api.post("/api/aws-credentials/add", t.access(), set(s3, "same")).status());
      assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
      assertThat(api.get("/api/aws-credentials", t.access()).list()).hasSize(1);
    }
  }

  static Map<String, Object> set(S3ProxyServer s3, String identifier) {
    return obj("identifier", identifier, "aws_access_key_id", s3.accessKeyId(),
        "aws_secret_access_key", s3.secretAccessKey(), "endpoint_url", s3.endpoint().toString(), "path_style", true);
  }

  static void flow(Api api, S3ProxyServer s3) {
    Api.Tokens t = api.registerAndLogin("rest-user");
    assertThat(api.post("/api/aws-credentials/add", t.access(), set(s3, "at-rest-set")).status()).isEqualTo(201);
    assertThat(api.get("/api/buckets?aws_cred=at-rest-set", t.access()).status()).isEqualTo(200);
    // A set with a session token, stored directly through the library (S3Proxy cannot validate tokens).
    io.s3panel.core.S3Panel panel = api.context().getBean(io.s3panel.core.S3Panel.class);
    String owner = String.valueOf(userId(api, "rest-user"));
    io.s3panel.core.credentials.CredentialSet withToken = io.s3panel.server.api.ServerFixtures.credentials(s3).toBuilder().sessionToken(TOKEN).build();
    panel.store().create(panel.vault().seal(new io.s3panel.core.credentials.CredentialRef(owner, "with-token"),
        withToken, java.time.Instant.now(), java.time.Instant.now(), 1));
    assertThat(api.get("/api/aws-credentials", t.access()).body()).contains("\"has_session_token\":true");
  }

  static long userId(Api api, String username) {
    try {
      DataSource ds = raw(api);
      try (Connection c = ds.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id FROM users WHERE username = '" + username + "'")) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A plain JDBC data source on the server's database (the bean is bound to Micronaut's connection scope). */
  static DataSource raw(Api api) {
    return api.context().getBean(io.micronaut.jdbc.DataSourceResolver.class).resolve(
        api.context().getBean(DataSource.class));
  }

  static void sql(DataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      assertThat(s.executeUpdate(sql)).isEqualTo(1);
    }
  }

  static byte[] bytes(DataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getBytes(1);
    }
  }

}
