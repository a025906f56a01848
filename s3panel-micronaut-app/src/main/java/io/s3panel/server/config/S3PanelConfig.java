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
 * @param allowedEndpoints comma-separated allowlist of custom S3 endpoints, {@code [scheme://]host[:port]} each
 * @param allowPrivateEndpoints let wildcard allowlist entries reach private addresses
 * @param defaultEndpoint endpoint used for sets added without one; empty for AWS
 * @param defaultPathStyle path-style for the default endpoint
 * @param corsOrigins comma-separated browser origins allowed by CORS
 * @param accessTokenTtl access token lifetime
 * @param refreshTokenTtl refresh token lifetime
 * @param refreshGrace how long a rotated refresh token still answers with its successor: {@code 30s}, {@code 2m},
 *     a number of seconds, or ISO-8601; {@code 0} for no grace
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
 * @param credentialCacheTtl how long a credential row read from the database is reused: the bound on how late
 *     a change made through another server is seen here; written as {@code refreshGrace}; {@code 0} turns the
 *     cache off
 * @param credentialCacheSize credential rows cached at most (least recently used dropped first)
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
    @Bindable(defaultValue = "http://localhost:5173,http://localhost:3000") String corsOrigins,
    @Bindable(defaultValue = "5m") Duration accessTokenTtl,
    @Bindable(defaultValue = "1d") Duration refreshTokenTtl,
    @Bindable(defaultValue = "30s") String refreshGrace,
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
    @Bindable(defaultValue = "4") int statsBucketConcurrency,
    @Bindable(defaultValue = "3s") String credentialCacheTtl,
    @Bindable(defaultValue = "10000") int credentialCacheSize) {

  /** Checks the settings that are parsed here. */
  public S3PanelConfig {
    refreshGracePeriod(refreshGrace);
    duration("S3PANEL_CREDENTIAL_CACHE_TTL", credentialCacheTtl);
    if (credentialCacheSize < 1) {
      throw new IllegalArgumentException("S3PANEL_CREDENTIAL_CACHE_SIZE must be at least 1.");
    }
  }

  /** The refresh grace period; zero when there is none. */
  public Duration refreshGracePeriod() {
    return refreshGracePeriod(refreshGrace);
  }

  /** How long a credential row is reused before the database is read again; zero when there is no cache. */
  public Duration credentialCacheTtlPeriod() {
    return duration("S3PANEL_CREDENTIAL_CACHE_TTL", credentialCacheTtl);
  }

  /** Parses a grace period, as {@link #duration} does for {@code S3PANEL_REFRESH_GRACE}. */
  static Duration refreshGracePeriod(String value) {
    return duration("S3PANEL_REFRESH_GRACE", value);
  }

  /**
   * Parses a period: {@code 0} or another whole number of seconds, a number with a unit ({@code ms},
   * {@code s}, {@code m}, {@code h}, {@code d}), or ISO-8601 ({@code PT30S}). Negative or unreadable: refused.
   */
  static Duration duration(String name, String value) {
    String v = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?").matcher(v);
    Duration d;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      d = switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofSeconds(n);
      };
    } else {
      try {
        d = Duration.parse(value == null ? "" : value.strip());
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(name + " must be a duration such as 30s, 2m or 0 (none).");
      }
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative.");
    }
    return d;
  }

  /** Names the settings without any secret value. */
  @Override
  public String toString() {
    return "S3PanelConfig{dataDir=" + dataDir + ", dev=" + dev + ", keysetFile=" + keysetFile
        + ", jwtSecret=" + (jwtSecret == null || jwtSecret.isEmpty() ? "unset" : "***")
        + ", allowedEndpoints=" + allowedEndpoints + ", corsOrigins=" + corsOrigins + ", defaultEndpoint=" + defaultEndpoint + '}';
  }
}
