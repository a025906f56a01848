package io.s3panel.core.testing;

import io.s3panel.core.credentials.CredentialSet;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
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
 * A real S3-compatible server for tests: S3Proxy in this JVM, in-memory store, AWS SigV4 (and V2)
 * authentication on, listening on a free loopback port. One instance is one simulated account with its
 * own key pair. {@link #admin()} is a plain SDK client of that account for seeding and for comparing
 * against direct listings.
 */
public final class S3ProxyServer implements AutoCloseable {
  /** The region every test set uses. */
  public static final String REGION = "us-east-1";

  private final S3Proxy proxy;
  private final URI endpoint;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final S3Client admin;

  private S3ProxyServer(String accessKeyId, String secretAccessKey) throws Exception {
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.proxy = S3Proxy.builder()
        .blobStore(BlobStores.create("transient", new Properties()))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secretAccessKey)
        .build();
    proxy.start();
    for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
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

  /** Starts a server with a fresh random key pair. */
  public static S3ProxyServer start() {
    String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong()).toUpperCase();
    return start("AKIATEST" + pad(suffix, 12), "secret/" + Long.toHexString(ThreadLocalRandom.current().nextLong())
        + "+" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "KEY");
  }

  /** Starts a server that accepts exactly this key pair. */
  public static S3ProxyServer start(String accessKeyId, String secretAccessKey) {
    try {
      return new S3ProxyServer(accessKeyId, secretAccessKey);
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not start", e);
    }
  }

  private static String pad(String s, int n) {
    StringBuilder b = new StringBuilder(s);
    while (b.length() < n) {
      b.append('0');
    }
    return b.substring(0, n);
  }

  /** {@code http://127.0.0.1:port}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The accepted access key id. */
  public String accessKeyId() {
    return accessKeyId;
  }

  /** The accepted secret. */
  public String secretAccessKey() {
    return secretAccessKey;
  }

  /** A credential set for this server: its keys, its endpoint, path-style. */
  public CredentialSet credentials() {
    return CredentialSet.builder()
        .accessKeyId(accessKeyId)
        .secretAccessKey(secretAccessKey)
        .region(REGION)
        .endpoint(endpoint)
        .pathStyle(true)
        .build();
  }

  /** A plain SDK client of this account. */
  public S3Client admin() {
    return admin;
  }

  /** Creates a bucket. */
  public S3ProxyServer bucket(String name) {
    admin.createBucket(b -> b.bucket(name));
    return this;
  }

  /** Puts one object with the given body. */
  public S3ProxyServer put(String bucket, String key, String body) {
    admin.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body));
    return this;
  }

  /** Puts many small objects concurrently; each body is the key itself. */
  public S3ProxyServer putAll(String bucket, List<String> keys) {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = keys.stream()
          .<Future<?>>map(k -> pool.submit(() -> put(bucket, k, k)))
          .toList();
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("Seeding failed", e);
    } finally {
      pool.shutdownNow();
    }
    return this;
  }

  /** Stops the server; its data is gone. */
  @Override
  public void close() {
    admin.close();
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop", e);
    }
  }
}
