package io.s3panel.core.connect;

import io.s3panel.core.EndpointNotAllowedException;
import io.s3panel.core.InvalidCredentialsException;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.credentials.SealedCredential;
import io.s3panel.core.internal.DefaultConnectionCache;
import java.util.function.Function;

/**
 * A bounded cache of {@link S3Connection}s, one per credential set and version, over one shared HTTP
 * connection pool.
 *
 * <p>Guarantees: a client is built once per set and version, not per request; a newer version of a set
 * replaces the cached client; {@link #invalidate} drops it. Replaced, invalidated and evicted (least
 * recently used beyond {@link ConnectionSettings#maxCachedClients()}) clients are closed after a grace
 * period of {@link ConnectionSettings#apiCallTimeout()}, so calls already running on them finish.
 * With an {@link EndpointPolicy}, every client built for a stored set is checked against it first, so a
 * stricter policy (an allowlist entry removed) cuts off stored sets at once. Thread-safe.
 *
 * <pre>{@code
 * try (ConnectionCache cache = ConnectionCache.create(ConnectionSettings.defaults())) {
 *   S3Connection c = cache.get(sealed, vault::open);   // vault.open runs only on a miss
 *   c.s3().listBuckets();
 * }
 * }</pre>
 */
public interface ConnectionCache extends AutoCloseable {
  /** The one message of {@link #validate} for a custom endpoint that gave no S3 answer, whatever the cause. */
  String NOT_S3 = "The endpoint did not answer as an S3 service: it is not an S3 endpoint, or it could not be"
      + " reached in time. Check the endpoint URL (scheme, host and port of the S3-compatible service).";

  /** A new empty cache with its own HTTP connection pool. */
  static ConnectionCache create(ConnectionSettings settings) {
    return new DefaultConnectionCache(settings, null);
  }

  /**
   * A new empty cache whose {@link #get} builds a client only for an endpoint {@code policy} allows
   * (AWS's own endpoints always pass).
   */
  static ConnectionCache create(ConnectionSettings settings, EndpointPolicy policy) {
    return new DefaultConnectionCache(settings, policy);
  }

  /**
   * The connection for {@code sealed}'s set and version; on a miss {@code opener} decrypts the set and a
   * client is built.
   *
   * @throws EndpointNotAllowedException on a miss, if the set's endpoint does not pass the cache's policy
   */
  S3Connection get(SealedCredential sealed, Function<SealedCredential, CredentialSet> opener);

  /** A new connection outside the cache, for one-off use; the caller closes it. */
  OwnedConnection open(CredentialSet set);

  /** Drops and (after the grace period) closes the cached connection of {@code ref}, if any. */
  void invalidate(CredentialRef ref);

  /**
   * Drops and (after the grace period) closes every cached connection of {@code owner}'s sets, e.g. when
   * the owner's account is deleted: their clients hold decrypted keys.
   */
  void invalidateOwner(String owner);

  /**
   * Checks {@code set} against S3 with a real call: STS GetCallerIdentity for AWS, ListBuckets for a
   * custom endpoint. A key that authenticates but may not list buckets passes.
   *
   * <p>A custom endpoint must answer as S3 does: a ListBuckets result document, or S3's error document.
   * Anything else, and any failure to get an answer at all (connection refused or reset, timeout, TLS
   * failure, an HTML page, a JSON or empty 200), is one and the same {@link InvalidCredentialsException}
   * ({@link #NOT_S3}), so the answer never tells an open port from a closed one.
   *
   * @throws InvalidCredentialsException if the key or signature is rejected, or the endpoint is not S3
   * @throws S3PanelException with code {@code aws_unreachable} or {@code aws_timeout} if S3 cannot be asked
   *     (AWS), or if a custom endpoint's S3 answer is a server error such as SlowDown
   */
  void validate(CredentialSet set);

  /** Counters, for tests and benchmarks that prove clients are not built per request. */
  Stats stats();

  /** Closes every cached client and the HTTP pool. */
  @Override
  void close();

  /**
   * Cache counters.
   *
   * @param clientsBuilt S3 clients built since creation (cached and owned)
   * @param cached clients in the cache now
   * @param hits lookups answered from the cache
   * @param misses lookups that built a client
   */
  record Stats(long clientsBuilt, int cached, long hits, long misses) {}
}
