package io.s3panel.core.testing;

import io.s3panel.core.S3Panel;
import io.s3panel.core.connect.ConnectionSettings;
import io.s3panel.core.connect.EndpointPolicy;
import io.s3panel.core.vault.Keysets;
import io.s3panel.core.vault.Vault;
import java.time.Duration;

/** Panels wired for tests: fresh keys, loopback endpoints allowed, short timeouts. */
public final class Panels {
  private Panels() {}

  /** Short timeouts so fault tests finish quickly. */
  public static ConnectionSettings testSettings() {
    return ConnectionSettings.builder()
        .connectTimeout(Duration.ofSeconds(2))
        .apiCallAttemptTimeout(Duration.ofSeconds(5))
        .apiCallTimeout(Duration.ofSeconds(12))
        .maxAttempts(2)
        .build();
  }

  /** A panel with an in-memory store, a fresh keyset and 127.0.0.1 allowed as an endpoint. */
  public static S3Panel create() {
    return builder().build();
  }

  /** The builder behind {@link #create()}, to change one thing. */
  public static S3Panel.Builder builder() {
    return S3Panel.builder()
        .vault(Vault.create(Keysets.generate()))
        .endpointPolicy(EndpointPolicy.parse("127.0.0.1"))
        .connectionSettings(testSettings());
  }
}
