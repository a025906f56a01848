package io.s3panel.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Every setting of the server, under {@code s3panel.*} (see application.yml for the environment variable
 * behind each, and the README for what they mean).
 *
 * @param dataDir where development keys and the default H2 database live
 * @param dev generate throwaway keys when none are configured (development only)
 * @param keysetFile Tink JSON keyset that encrypts stored credentials
 * @param masterKeyFile optional Tink JSON keyset that encrypts {@code keysetFile} itself
 * @param keysetReloadInterval how often the keyset file is checked for a rotation
 * @param jwtSecret HS256 signing secret, at least 32 bytes
 * @param allowedEndpoints comma-separated allowlist of custom S3 endpoint hosts
 * @param allowPrivateEndpoints let wildcard allowlist entries reach private addresses
 * @param defaultEndpoint endpoint used for sets added without one; empty for AWS
 * @param defaultPathStyle path-style for the default endpoint
 * @param accessTokenTtl access token lifetime
 * @param refreshTokenTtl refresh token lifetime
 * @param refreshFamilyMaxLifetime absolute lifetime of a login, however often it is refreshed
 * @param loginMaxFailures failed logins per account within {@code loginWindow} before 429
 * @param loginWindow throttling window and block duration
 * @param argon2MemoryKib Argon2id memory in KiB
 * @param argon2Iterations Argon2id iterations
 * @param argon2Parallelism Argon2id lanes
 * @param hashingConcurrency password hashes computed at once; 0 means half the processors, at least 1
 * @param hashingQueueTimeout how long a login waits for a hashing slot before it gets 429
 * @param grantConcurrency ACL look-ups of one folder page at once
 * @param workerThreads threads shared by ACL look-ups and statistics scans
 * @param s3ConnectTimeout S3 connect timeout
 * @param s3AttemptTimeout S3 per-attempt timeout
 * @param s3CallTimeout S3 per-call timeout, retries included
 * @param s3MaxAttempts S3 attempts per call
 * @param statsBucketConcurrency buckets of one scan listed at once (task settings: {@code TaskConfig})
 */
@ConfigurationProperties("s3panel")
public record S3PanelConfig(
    @Bindable(defaultValue = "./.s3panel") String dataDir,
    @Bindable(defaultValue = "false") boolean dev,
    @Nullable String keysetFile,
    @Nullable String masterKeyFile,
    @Bindable(defaultValue = "10s") Duration keysetReloadInterval,
    @Nullable String jwtSecret,
    @Bindable(defaultValue = "") String allowedEndpoints,
    @Bindable(defaultValue = "false") boolean allowPrivateEndpoints,
    @Nullable String defaultEndpoint,
    @Bindable(defaultValue = "false") boolean defaultPathStyle,
    @Bindable(defaultValue = "5m") Duration accessTokenTtl,
    @Bindable(defaultValue = "1d") Duration refreshTokenTtl,
    @Bindable(defaultValue = "30d") Duration refreshFamilyMaxLifetime,
    @Bindable(defaultValue = "10") int loginMaxFailures,
    @Bindable(defaultValue = "15m") Duration loginWindow,
    @Bindable(defaultValue = "19456") int argon2MemoryKib,
    @Bindable(defaultValue = "2") int argon2Iterations,
    @Bindable(defaultValue = "1") int argon2Parallelism,
    @Bindable(defaultValue = "0") int hashingConcurrency,
    @Bindable(defaultValue = "3s") Duration hashingQueueTimeout,
    @Bindable(defaultValue = "16") int grantConcurrency,
    @Bindable(defaultValue = "64") int workerThreads,
    @Bindable(defaultValue = "3s") Duration s3ConnectTimeout,
    @Bindable(defaultValue = "10s") Duration s3AttemptTimeout,
    @Bindable(defaultValue = "25s") Duration s3CallTimeout,
    @Bindable(defaultValue = "3") int s3MaxAttempts,
    @Bindable(defaultValue = "4") int statsBucketConcurrency) {

  /** Names the settings without any secret value. */
  @Override
  public String toString() {
    return "S3PanelConfig{dataDir=" + dataDir + ", dev=" + dev + ", keysetFile=" + keysetFile
        + ", jwtSecret=" + (jwtSecret == null || jwtSecret.isEmpty() ? "unset" : "***")
        + ", allowedEndpoints=" + allowedEndpoints + ", defaultEndpoint=" + defaultEndpoint + '}';
  }
}
