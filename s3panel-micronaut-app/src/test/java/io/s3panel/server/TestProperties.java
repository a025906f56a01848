package io.s3panel.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Properties of a test server: dev keys in a fresh directory, a fresh in-memory H2, a random port. */
public final class TestProperties {
  private TestProperties() {}

  /** A fresh in-memory H2 URL in PostgreSQL mode. */
  public static String h2Url() {
    return "jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
  }

  /** Dev mode with throwaway keys under a new temporary directory, loopback endpoints allowed. */
  public static Map<String, Object> base() {
    Map<String, Object> p = new HashMap<>();
    try {
      p.put("s3panel.data-dir", Files.createTempDirectory("s3panel-test").toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    p.put("s3panel.dev", true);
    p.put("s3panel.allowed-endpoints", "127.0.0.1");
    p.put("s3panel.s3-connect-timeout", "2s");
    p.put("s3panel.s3-attempt-timeout", "5s");
    p.put("s3panel.s3-call-timeout", "12s");
    p.put("s3panel.s3-max-attempts", 2);
    p.put("micronaut.server.port", -1);
    p.put("datasources.default.url", h2Url());
    // Every test client is 127.0.0.1: tests of the per-address limits set their own, lower values.
    p.put("s3panel.limits.logins-per-address", 100_000);
    p.put("s3panel.limits.registrations-per-address", 100_000);
    p.put("s3panel.limits.hashing-per-address", 1_000);
    return p;
  }

  /** {@link #base()} plus {@code extra}. */
  public static Map<String, Object> with(Map<String, Object> extra) {
    Map<String, Object> p = base();
    p.putAll(extra);
    return p;
  }

  /** Base properties for a given data directory. */
  public static Map<String, Object> in(Path dataDir) {
    Map<String, Object> p = base();
    p.put("s3panel.data-dir", dataDir.toString());
    return p;
  }
}
