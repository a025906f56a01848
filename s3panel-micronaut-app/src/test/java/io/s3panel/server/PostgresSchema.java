package io.s3panel.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A schema of its own on the machine's PostgreSQL for one test class, dropped afterwards. The server is
 * {@code S3PANEL_TEST_POSTGRES_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}), user
 * {@code S3PANEL_TEST_POSTGRES_USER} (default {@code postgres}), password
 * {@code S3PANEL_TEST_POSTGRES_PASSWORD} (default none). Tests using it run only with
 * {@code S3PANEL_TEST_POSTGRES=true}.
 */
public final class PostgresSchema {
  private final String url = env("S3PANEL_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private final String user = env("S3PANEL_TEST_POSTGRES_USER", "postgres");
  private final String password = env("S3PANEL_TEST_POSTGRES_PASSWORD", "");
  private final String schema;

  /** A new, not yet created schema named {@code prefix_<uuid>}. */
  public PostgresSchema(String prefix) {
    this.schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Creates the schema and returns the datasource properties that point the server at it. */
  public Map<String, Object> create() throws Exception {
    execute("CREATE SCHEMA " + schema);
    return Map.of(
        "datasources.default.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
        "datasources.default.username", user,
        "datasources.default.password", password);
  }

  /** Drops the schema and everything in it. */
  public void drop() throws Exception {
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
