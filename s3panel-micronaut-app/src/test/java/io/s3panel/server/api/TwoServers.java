package io.s3panel.server.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * Two servers as a cluster runs them: one database and one data directory, so that both use the same
 * development keyset and signing key (a token or a sealed set from one works on the other).
 */
final class TwoServers implements AutoCloseable {
  final Api first;
  final Api second;

  private TwoServers(Api first, Api second) {
    this.first = first;
    this.second = second;
  }

  /**
   * Starts both on {@code database} (e.g. a {@code PostgresSchema}'s properties or a shared H2 URL) with
   * {@code settings} on top.
   */
  static TwoServers start(Map<String, Object> database, Map<String, Object> settings) {
    Map<String, Object> shared = new HashMap<>(database);
    try {
      shared.put("s3panel.data-dir", Files.createTempDirectory("s3panel-cluster").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    shared.putAll(settings);
    Api first = Api.start(shared);
    try {
      return new TwoServers(first, Api.start(shared));
    } catch (RuntimeException e) {
      first.close();
      throw e;
    }
  }

  /** Stops the second server, then the first. */
  @Override
  public void close() {
    try {
      second.close();
    } finally {
      first.close();
    }
  }
}
