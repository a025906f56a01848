package io.s3panel.server.api;

import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.testing.S3ProxyServer;

/** What the server tests need from the s3panel-testing fixtures in the core's terms. */
public final class ServerFixtures {
  private ServerFixtures() {}

  /** A credential set for {@code s3}: its keys, its region, its endpoint, path-style. */
  public static CredentialSet credentials(S3ProxyServer s3) {
    return CredentialSet.builder()
        .accessKeyId(s3.accessKeyId())
        .secretAccessKey(s3.secretAccessKey())
        .region(s3.region())
        .endpoint(s3.endpoint())
        .pathStyle(true)
        .build();
  }
}
