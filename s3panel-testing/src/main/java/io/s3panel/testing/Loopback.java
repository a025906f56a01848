package io.s3panel.testing;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;

/** What the proxies share: a target that must be on this machine, and closing without a fuss. */
final class Loopback {
  private Loopback() {}

  /** The socket address of {@code target} ({@code http://127.0.0.1:port} or {@code http://localhost:port}). */
  static InetSocketAddress target(URI target) {
    Objects.requireNonNull(target, "target");
    String host = target.getHost();
    if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
      throw new IllegalArgumentException("Only a loopback target can be fronted: " + target);
    }
    if (target.getPort() <= 0) {
      throw new IllegalArgumentException("The target needs an explicit port: " + target);
    }
    return new InetSocketAddress(host, target.getPort());
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
