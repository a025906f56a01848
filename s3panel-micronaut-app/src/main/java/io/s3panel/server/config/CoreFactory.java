package io.s3panel.server.config;

import com.nimbusds.jose.JWSAlgorithm;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import io.s3panel.core.S3Panel;
import io.s3panel.core.connect.ConnectionSettings;
import io.s3panel.core.connect.EndpointPolicy;
import io.s3panel.core.credentials.CachingCredentialStore;
import io.s3panel.core.credentials.CredentialStore;
import io.s3panel.core.vault.Vault;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;

/** Builds the plain-library beans: the clock, the JWT signer and the {@link S3Panel}. */
@Factory
final class CoreFactory {

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  /** HS256 only: a token with any other algorithm, {@code none} included, is refused. */
  @Singleton
  @Named("generator")
  SignatureGeneratorConfiguration jwtSignature(Secrets secrets) {
    SecretSignatureConfiguration config = new SecretSignatureConfiguration("generator");
    config.setSecret(secrets.jwtSecret());
    config.setJwsAlgorithm(JWSAlgorithm.HS256);
    return new SecretSignature(config) {
      @Override
      public boolean supports(JWSAlgorithm algorithm) {
        return JWSAlgorithm.HS256.equals(algorithm);
      }

      @Override
      public String toString() {
        return "SecretSignature{HS256}";
      }
    };
  }

  /**
   * The panel over the database store, behind a {@link CachingCredentialStore} (in the core, so every
   * embedder gets the same invalidation rules); the {@code rotate-keys} command uses the bare store.
   */
  @Singleton
  @Bean(preDestroy = "close")
  S3Panel panel(S3PanelConfig c, TransferConfig transfers, Secrets secrets, CredentialStore store, Clock clock) {
    URI defaultEndpoint = c.defaultEndpoint() == null || c.defaultEndpoint().isBlank() ? null
        : URI.create(c.defaultEndpoint().strip());
    return S3Panel.builder()
        .credentialStore(new CachingCredentialStore(store, c.credentialCacheTtlPeriod(), c.credentialCacheSize()))
        .vault(Vault.create(secrets.keyset()))
        .connectionSettings(ConnectionSettings.builder()
            .connectTimeout(c.s3ConnectTimeout())
            .apiCallAttemptTimeout(c.s3AttemptTimeout())
            .apiCallTimeout(c.s3CallTimeout())
            .maxAttempts(c.s3MaxAttempts())
            .build())
        .endpointPolicy(policy(c))
        .defaultEndpoint(defaultEndpoint, c.defaultPathStyle())
        .clock(clock)
        .grantConcurrency(c.grantConcurrency())
        .workerThreads(c.workerThreads())
        .transferSettings(transfers.settings())
        .build();
  }

  private static EndpointPolicy policy(S3PanelConfig c) {
    return EndpointPolicy.builder().allowPrivateAddresses(c.allowPrivateEndpoints())
        .allowAll(c.allowedEndpoints()).build();
  }
}
