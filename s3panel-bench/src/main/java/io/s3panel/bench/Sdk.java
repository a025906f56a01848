package io.s3panel.bench;

import io.s3panel.testing.S3ProxyServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Plain AWS SDK clients, as a program without S3 Panel would use them. */
public final class Sdk {
  private Sdk() {}

  /** A plain client of {@code s3}'s account reached at {@code endpoint}, with its own connection pool. */
  public static S3Client client(S3ProxyServer s3, URI endpoint, int maxConnections) {
    return client(endpoint, s3.accessKeyId(), s3.secretAccessKey(), maxConnections);
  }

  /** A plain client of any loopback endpoint with the given keys. */
  public static S3Client client(URI endpoint, String accessKeyId, String secret, int maxConnections) {
    return client(endpoint, accessKeyId, secret, ApacheHttpClient.builder().maxConnections(maxConnections));
  }

  /** A plain client of {@code endpoint} with the given keys over the HTTP client {@code http} builds. */
  static S3Client client(URI endpoint, String accessKeyId, String secret, ApacheHttpClient.Builder http) {
    return S3Client.builder()
        .httpClient(http.build())
        .endpointOverride(endpoint)
        .region(Region.of(S3ProxyServer.REGION))
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
        .build();
  }

  /** A presigner for path-style URLs of {@code endpoint} with these keys. */
  public static S3Presigner presigner(URI endpoint, String accessKeyId, String secret) {
    return S3Presigner.builder().endpointOverride(endpoint)
        .region(Region.of(S3ProxyServer.REGION))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
        .build();
  }

  /** Puts {@code keys} (tiny bodies) into {@code bucket} with {@code threads} concurrent PutObject calls. */
  public static void seed(S3Client client, String bucket, List<String> keys, int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>(threads);
      int per = (keys.size() + threads - 1) / threads;
      for (int t = 0; t < threads; t++) {
        List<String> slice = keys.subList(Math.min(keys.size(), t * per), Math.min(keys.size(), (t + 1) * per));
        futures.add(pool.submit(() -> {
          for (String k : slice) {
            client.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString("x"));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("seeding failed", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code prefix + "f" + i + ".txt"} for i in [0, n), zero-padded so they sort. */
  public static List<String> keys(String prefix, int n) {
    List<String> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      keys.add(String.format("%sf%06d.txt", prefix, i));
    }
    return keys;
  }
}
