package io.s3panel.core.connect;

import io.s3panel.core.ValidationException;
import java.time.Duration;

/**
 * Timeouts, retries and pool sizes of the S3 clients the library builds. Immutable; build with
 * {@link #builder()}; {@link #defaults()} suits an interactive server.
 *
 * <p>Every S3 call ends within {@link #apiCallTimeout()} (all attempts included); each attempt within
 * {@link #apiCallAttemptTimeout()}. Throttling and 5xx answers are retried with the SDK's standard
 * backoff, at most {@link #maxAttempts()} attempts in all.
 */
public final class ConnectionSettings {
  private final Duration connectTimeout;
  private final Duration apiCallAttemptTimeout;
  private final Duration apiCallTimeout;
  private final int maxAttempts;
  private final int maxConnections;
  private final int maxCachedClients;

  private ConnectionSettings(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.apiCallAttemptTimeout = b.apiCallAttemptTimeout;
    this.apiCallTimeout = b.apiCallTimeout;
    this.maxAttempts = b.maxAttempts;
    this.maxConnections = b.maxConnections;
    this.maxCachedClients = b.maxCachedClients;
  }

  /** Connect 3 s, attempt 10 s, call 25 s, 3 attempts, 200 pooled connections, 500 cached clients. */
  public static ConnectionSettings defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return new Builder()
        .connectTimeout(connectTimeout)
        .apiCallAttemptTimeout(apiCallAttemptTimeout)
        .apiCallTimeout(apiCallTimeout)
        .maxAttempts(maxAttempts)
        .maxConnections(maxConnections)
        .maxCachedClients(maxCachedClients);
  }

  /** Time allowed to open a TCP (and TLS) connection. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Time allowed for one attempt of one call, including reading the answer. */
  public Duration apiCallAttemptTimeout() {
    return apiCallAttemptTimeout;
  }

  /** Time allowed for one call, all attempts and backoff included. */
  public Duration apiCallTimeout() {
    return apiCallTimeout;
  }

  /** Attempts per call, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Pooled HTTP connections shared by every client. */
  public int maxConnections() {
    return maxConnections;
  }

  /** Clients kept in the cache; the least recently used is closed beyond this. */
  public int maxCachedClients() {
    return maxCachedClients;
  }

  @Override
  public String toString() {
    return "ConnectionSettings{connect=" + connectTimeout + ", attempt=" + apiCallAttemptTimeout
        + ", call=" + apiCallTimeout + ", maxAttempts=" + maxAttempts + ", maxConnections=" + maxConnections
        + ", maxCachedClients=" + maxCachedClients + '}';
  }

  /** Builds {@link ConnectionSettings}; {@link #build()} validates. */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(3);
    private Duration apiCallAttemptTimeout = Duration.ofSeconds(10);
    private Duration apiCallTimeout = Duration.ofSeconds(25);
    private int maxAttempts = 3;
    private int maxConnections = 200;
    private int maxCachedClients = 500;

    private Builder() {}

    /** Positive. */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    /** Positive. */
    public Builder apiCallAttemptTimeout(Duration value) {
      this.apiCallAttemptTimeout = value;
      return this;
    }

    /** Positive, at least the attempt timeout. */
    public Builder apiCallTimeout(Duration value) {
      this.apiCallTimeout = value;
      return this;
    }

    /** 1 to 10. */
    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    /** 1 to 10,000. */
    public Builder maxConnections(int value) {
      this.maxConnections = value;
      return this;
    }

    /** 1 to 100,000. */
    public Builder maxCachedClients(int value) {
      this.maxCachedClients = value;
      return this;
    }

    /** Validates and builds; throws {@link ValidationException} naming the bad setting. */
    public ConnectionSettings build() {
      ValidationException.Collector errors = new ValidationException.Collector();
      errors.check(!positive(connectTimeout), "connectTimeout", "Must be a positive duration.");
      errors.check(!positive(apiCallAttemptTimeout), "apiCallAttemptTimeout", "Must be a positive duration.");
      errors.check(!positive(apiCallTimeout)
              || (positive(apiCallAttemptTimeout) && apiCallTimeout.compareTo(apiCallAttemptTimeout) < 0),
          "apiCallTimeout", "Must be a positive duration no shorter than apiCallAttemptTimeout.");
      errors.check(maxAttempts < 1 || maxAttempts > 10, "maxAttempts", "Must be 1 to 10.");
      errors.check(maxConnections < 1 || maxConnections > 10_000, "maxConnections", "Must be 1 to 10000.");
      errors.check(maxCachedClients < 1 || maxCachedClients > 100_000, "maxCachedClients", "Must be 1 to 100000.");
      errors.throwIfAny();
      return new ConnectionSettings(this);
    }

    private static boolean positive(Duration d) {
      return d != null && !d.isNegative() && !d.isZero();
    }
  }
}
