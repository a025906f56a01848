package io.s3panel.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: S3Proxy in this JVM with an in-memory store, AWS SigV4 (and V2)
 * authentication on, listening on a free port of {@code 127.0.0.1}. One instance is one account with one
 * key pair; buckets are addressed path-style. {@link #admin()} is a plain SDK client of that account, for
 * seeding and for checking what the code under test did.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.start()) {
 *   s3.bucket("photos").put("photos", "2024/beach.jpg", "sun");
 *   // point the code under test at s3.endpoint(), s3.region(), s3.accessKeyId(), s3.secretAccessKey()
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops the server and forgets its data. {@link #toString()} never shows
 * the secret.
 */
public final class S3ProxyServer implements AutoCloseable {
  /** The signing region of {@link #admin()} and {@link #region()}; S3Proxy accepts any. */
  public static final String REGION = "us-east-1";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final S3Proxy proxy;
  private final URI endpoint;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final S3Client admin;

  private S3ProxyServer(Builder b) throws Exception {
    this.accessKeyId = b.accessKeyId != null ? b.accessKeyId : "AKIATEST" + hex(6).toUpperCase(Locale.ROOT);
    this.secretAccessKey = b.secretAccessKey != null ? b.secretAccessKey : hex(10) + "/" + hex(5) + "+" + hex(5);
    this.proxy = S3Proxy.builder()
        .blobStore(BlobStores.create("transient", new Properties()))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secretAccessKey)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + b.startTimeout.toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() - deadline > 0) {
        proxy.stop();
        throw new IllegalStateException("S3Proxy did not start within " + b.startTimeout + " (state "
            + proxy.getState() + ")");
      }
      Thread.sleep(10);
    }
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    this.admin = S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
        .build();
  }

  /**
   * Starts a server with a fresh random key pair.
   *
   * @throws IllegalStateException if S3Proxy did not start
   */
  public static S3ProxyServer start() {
    return builder().start();
  }

  /**
   * Starts a server that accepts exactly this key pair.
   *
   * @throws IllegalStateException if S3Proxy did not start
   */
  public static S3ProxyServer start(String accessKeyId, String secretAccessKey) {
    return builder().accessKeyId(accessKeyId).secretAccessKey(secretAccessKey).start();
  }

  /** A builder, to choose the key pair or the start-up time limit. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code http://127.0.0.1:port}. */
  public URI endpoint() {
    return endpoint;
  }

  /** {@link #REGION}: the region to sign for. */
  public String region() {
    return REGION;
  }

  /** The accepted access key id. */
  public String accessKeyId() {
    return accessKeyId;
  }

  /** The accepted secret access key. */
  public String secretAccessKey() {
    return secretAccessKey;
  }

  /** A plain SDK client of this account (path-style, checksums only where required); closed by {@link #close()}. */
  public S3Client admin() {
    return admin;
  }

  /** Creates a bucket; returns this server, for chaining. */
  public S3ProxyServer bucket(String name) {
    admin.createBucket(b -> b.bucket(name));
    return this;
  }

  /** Puts one object whose body is {@code body} in UTF-8; returns this server, for chaining. */
  public S3ProxyServer put(String bucket, String key, String body) {
    return put(bucket, key, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Puts one object with the given body; returns this server, for chaining. */
  public S3ProxyServer put(String bucket, String key, byte[] body) {
    admin.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
    return this;
  }

  /**
   * Puts many small objects, eight at a time; each body is the key itself in UTF-8.
   *
   * @throws IllegalStateException if a put failed (the others may have been stored)
   */
  public S3ProxyServer putAll(String bucket, List<String> keys) {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = keys.stream()
          .<Future<?>>map(k -> pool.submit(() -> put(bucket, k, k)))
          .toList();
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while seeding " + bucket, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Seeding " + bucket + " failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return this;
  }

  /** The endpoint and the access key id; never the secret. */
  @Override
  public String toString() {
    return "S3ProxyServer[" + endpoint + ", accessKeyId=" + accessKeyId + "]";
  }

  /**
   * Stops the server; its data is gone.
   *
   * @throws IllegalStateException if S3Proxy did not stop
   */
  @Override
  public void close() {
    admin.close();
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop", e);
    }
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format("%02x", x));
    }
    return s.toString();
  }

  /** Chooses what {@link #start()} would otherwise pick: a random key pair, ten seconds to start. */
  public static final class Builder {
    private String accessKeyId;
    private String secretAccessKey;
    private Duration startTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /** The access key id to accept; default {@code AKIATEST} and 12 random hex digits. */
    public Builder accessKeyId(String accessKeyId) {
      this.accessKeyId = requireText(accessKeyId, "accessKeyId");
      return this;
    }

    /** The secret access key to accept; default 40 random characters. */
    public Builder secretAccessKey(String secretAccessKey) {
      this.secretAccessKey = requireText(secretAccessKey, "secretAccessKey");
      return this;
    }

    /** How long S3Proxy may take to start; default ten seconds. */
    public Builder startTimeout(Duration startTimeout) {
      Objects.requireNonNull(startTimeout, "startTimeout");
      if (startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
      }
      this.startTimeout = startTimeout;
      return this;
    }

    /**
     * Starts the server.
     *
     * @throws IllegalStateException if S3Proxy did not start in time
     */
    public S3ProxyServer start() {
      try {
        return new S3ProxyServer(this);
      } catch (IllegalStateException e) {
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while S3Proxy started", e);
      } catch (Exception e) {
        throw new IllegalStateException("S3Proxy did not start: " + e.getMessage(), e);
      }
    }

    private static String requireText(String value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }
  }
}
