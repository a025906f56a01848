package io.s3panel.bench.jmh;

import io.s3panel.core.connect.ConnectionCache;
import io.s3panel.core.connect.ConnectionSettings;
import io.s3panel.core.connect.OwnedConnection;
import io.s3panel.core.connect.S3Connection;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.credentials.SealedCredential;
import io.s3panel.core.vault.Keysets;
import io.s3panel.core.vault.Vault;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Vault seal/open of one credential set (Tink AES256-GCM, three fields with associated data), and what the
 * request path does instead of decrypting: a connection-cache hit. {@code clientBuild} is what a cache miss
 * would cost per request (decrypting plus building an S3 client over the shared pool).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VaultBenchmark {
  private Vault vault;
  private CredentialRef ref;
  private CredentialSet set;
  private SealedCredential sealed;
  private Instant now;
  private ConnectionCache cache;

  /** A fresh keyset, one sealed set, a cache holding its client. */
  @Setup
  public void setup() {
    vault = Vault.create(Keysets.generate());
    ref = new CredentialRef("alice", "prod");
    set = CredentialSet.builder()
        .accessKeyId("AKIABENCHMARK0000001")
        .secretAccessKey("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        .region("us-east-1")
        .endpoint(URI.create("http://127.0.0.1:9"))
        .pathStyle(true)
        .build();
    now = Instant.now();
    sealed = vault.seal(ref, set, now, now, 1);
    cache = ConnectionCache.create(ConnectionSettings.defaults());
    cache.get(sealed, vault::open);
  }

  /** Closes the cache. */
  @TearDown
  public void tearDown() {
    cache.close();
  }

  /** Encrypts one set. */
  @Benchmark
  public SealedCredential seal() {
    return vault.seal(ref, set, now, now, 1);
  }

  /** Decrypts one set. */
  @Benchmark
  public CredentialSet open() {
    return vault.open(sealed);
  }

  /** The per-request path: the cached client of a set and version. */
  @Benchmark
  public S3Connection cacheHit() {
    return cache.get(sealed, vault::open);
  }

  /** What a request would pay without the cache: decrypt and build a client (then close it). */
  @Benchmark
  public Object clientBuild() {
    try (OwnedConnection c = cache.open(vault.open(sealed))) {
      return c.region();
    }
  }
}
