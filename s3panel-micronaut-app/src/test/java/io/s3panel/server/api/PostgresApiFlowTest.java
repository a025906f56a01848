package io.s3panel.server.api;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The whole HTTP flow again, on the machine's PostgreSQL (switched on by S3PANEL_TEST_POSTGRES=true). */
@EnabledIfEnvironmentVariable(named = "S3PANEL_TEST_POSTGRES", matches = "true")
class PostgresApiFlowTest extends ApiFlowTest {
  private final String url = env("S3PANEL_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private final String user = env("S3PANEL_TEST_POSTGRES_USER", "postgres");
  private final String password = env("S3PANEL_TEST_POSTGRES_PASSWORD", "");
  private final String schema = "s3panel_api_" + UUID.randomUUID().toString().replace("-", "");

  @Override
  Map<String, Object> databaseProperties() throws Exception {
    execute("CREATE SCHEMA " + schema);
    return Map.of(
        "datasources.default.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
        "datasources.default.username", user,
        "datasources.default.password", password);
  }

  @Override
  void dropDatabase() throws Exception {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private void execute(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
