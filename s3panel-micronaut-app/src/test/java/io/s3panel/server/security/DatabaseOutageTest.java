package io.s3panel.server.security;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.server.api.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * PostgreSQL restarted under a running server: requests during the outage get 503 with the error body,
 * the server recovers by itself, and nothing is half-written. Needs S3PANEL_TEST_POSTGRES=true and the
 * right to run pg_ctlcluster (CI runs as root).
 */
@EnabledIfEnvironmentVariable(named = "S3PANEL_TEST_POSTGRES", matches = "true")
class DatabaseOutageTest {
  static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String PASSWORD = "Correct-Horse-Battery-Staple-42!";

  @Test
  void postgresRestart_requestsFailWith503_thenTheServerRecoversWithoutRestart() throws Exception {
    String version = Files.list(Path.of("/etc/postgresql")).findFirst().orElseThrow().getFileName().toString();
    String schema = "s3panel_outage_" + UUID.randomUUID().toString().replace("-", "");
    sql("CREATE SCHEMA " + schema);
    try (Api api = Api.start(Map.of("datasources.default.url", URL + "?currentSchema=" + schema,
        "datasources.default.username", "postgres", "datasources.default.password", "",
        "datasources.default.connection-timeout", 2000))) {
      Api.Tokens t = api.registerAndLogin("outage");
      assertThat(api.get("/api/aws-credentials", t.access()).status()).isEqualTo(200);
      try {
        pg(version, "stop");
        Api.Response during = api.get("/api/aws-credentials", t.access());
        assertThat(during.status()).isEqualTo(503);
        assertThat(during.map()).containsEntry("code", "unavailable");
        Api.Response write = api.post("/api/register", null, obj("username", "during-outage", "password", PASSWORD));
        assertThat(write.status()).isEqualTo(503);
        assertThat(api.get("/health", null).status()).isEqualTo(503);
      } finally {
        pg(version, "start");
      }
      int status = 0;
      for (int i = 0; i < 60 && status != 200; i++) {
        status = api.get("/api/aws-credentials", t.access()).status();
        if (status != 200) {
          Thread.sleep(500);
        }
      }
      assertThat(status).as("recovered without a restart").isEqualTo(200);
      assertThat(api.get("/health", null).status()).isEqualTo(200);
      // Nothing half-written: the registration refused during the outage did not happen.
      assertThat(api.post("/api/login", null, obj("username", "during-outage", "password", PASSWORD)).status())
          .isEqualTo(401);
      assertThat(api.post("/api/register", null, obj("username", "during-outage", "password", PASSWORD)).status())
          .isEqualTo(201);
    } finally {
      sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  static void pg(String version, String action) throws Exception {
    Process p = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action)
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(out).isZero();
    if (action.equals("start")) {
      for (int i = 0; i < 60; i++) {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
          return;
        } catch (java.sql.SQLException e) {
          Thread.sleep(500);
        }
      }
    }
  }

  static void sql(String sql) throws Exception {
    for (int i = 0; ; i++) {
      try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement s = c.createStatement()) {
        s.execute(sql);
        return;
      } catch (java.sql.SQLException e) {
        if (i > 20) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }
}
