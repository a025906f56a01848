package io.s3panel.core.testing;

import io.s3panel.core.S3Panel;
import io.s3panel.core.connect.ConnectionSettings;
import io.s3panel.core.connect.EndpointPolicy;
import io.s3panel.core.connect.S3Connection;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.vault.Keysets;
import io.s3panel.core.vault.Vault;
import io.s3panel.testing.FaultyS3;
import io.s3panel.testing.S3ProxyServer;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Panels wired for tests (fresh keys, loopback endpoints allowed, short timeouts), and the bridges from the
 * s3panel-testing fixtures, which know nothing of the core, to the core's types.
 */
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

  /** A credential set for {@code server}: its keys, its region, its endpoint, path-style. */
  public static CredentialSet credentials(S3ProxyServer server) {
    return CredentialSet.builder()
        .accessKeyId(server.accessKeyId())
        .secretAccessKey(server.secretAccessKey())
        .region(server.region())
        .endpoint(server.endpoint())
        .pathStyle(true)
        .build();
  }

  /** {@code real} with its S3 client replaced by {@code faults.client()}; presigner and settings unchanged. */
  public static S3Connection faulty(S3Connection real, FaultyS3 faults) {
    return new S3Connection() {
      @Override
      public S3Client s3() {
        return faults.client();
      }

      @Override
      public S3Presigner presigner() {
        return real.presigner();
      }

      @Override
      public String region() {
        return real.region();
      }

      @Override
      public Optional<URI> endpoint() {
        return real.endpoint();
      }

      @Override
      public boolean pathStyle() {
        return real.pathStyle();
      }
    };
  }
}
