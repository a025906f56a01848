package io.s3panel.core.credentials;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A {@link CredentialStore} decorator that remembers the sealed rows it read, so that a request naming a
 * credential set does not read the database each time.
 *
 * <p>What it promises:
 * <ul>
 *   <li><b>Same process, at once:</b> {@link #create}, {@link #update} and {@link #delete} through this
 *       store, and {@link #invalidate}/{@link #invalidateOwner}/{@link #invalidateAll}, drop the entries
 *       concerned before they return; a read that raced such a write is not cached (a generation counter
 *       guards every fill).
 *   <li><b>Other processes sharing the delegate, within the TTL:</b> a change made elsewhere (another
 *       server on the same database, a key rotation command) is seen here at most {@code ttl} after it
 *       committed, because every entry expires {@code ttl} after it was read.
 *   <li><b>Bounded:</b> at most {@code maxEntries} entries, least recently used dropped first.
 * </ul>
 *
 * <p>Cached: {@link #find} (present results only, so a set created elsewhere is visible at once) and
 * {@link #oldest}. Not cached: {@link #list} and {@link #listAllRefs}, which always read the delegate.
 * Entries hold {@link SealedCredential} values only, which are ciphertexts; nothing is decrypted here and
 * {@link #toString()} shows counts, never rows. Thread-safe.
 *
 * <pre>{@code
 * CredentialStore store = new CachingCredentialStore(jdbcStore, Duration.ofSeconds(3), 10_000);
 * }</pre>
 */
public final class CachingCredentialStore implements CredentialStore {
  private final CredentialStore delegate;
  private final long ttlNanos;
  private final int maxEntries;
  private final LongSupplier nanoTime;
  private final Map<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  private final AtomicLong generation = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  /**
   * Caches {@code delegate}'s rows for {@code ttl} each, at most {@code maxEntries} of them.
   *
   * @param delegate the store that holds the rows
   * @param ttl how long a row read from {@code delegate} is served without reading it again: the bound
   *     on how stale a change made by another process can be here; zero disables caching
   * @param maxEntries at most this many rows are kept, 1 or more
   */
  public CachingCredentialStore(CredentialStore delegate, Duration ttl, int maxEntries) {
    this(delegate, ttl, maxEntries, System::nanoTime);
  }

  CachingCredentialStore(CredentialStore delegate, Duration ttl, int maxEntries, LongSupplier nanoTime) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative");
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1");
    }
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
    this.nanoTime = nanoTime;
  }

  /** Creates the set in the delegate; the owner's cached oldest set is dropped. */
  @Override
  public void create(SealedCredential credential) {
    try {
      delegate.create(credential);
    } finally {
      drop(Key.oldest(credential.owner()));
      drop(Key.of(credential.ref()));
    }
  }

  @Override
  public Optional<SealedCredential> find(CredentialRef ref) {
    return cached(Key.of(ref), () -> delegate.find(ref));
  }

  /** Always reads the delegate. */
  @Override
  public List<SealedCredential> list(String owner) {
    return delegate.list(owner);
  }

  @Override
  public Optional<SealedCredential> oldest(String owner) {
    return cached(Key.oldest(owner), () -> delegate.oldest(owner));
  }

  /** Updates the delegate; the set's entry and the owner's cached oldest set are dropped, also on failure. */
  @Override
  public void update(SealedCredential replacement, long expectedVersion) {
    try {
      delegate.update(replacement, expectedVersion);
    } finally {
      invalidate(replacement.ref());
    }
  }

  /** Deletes from the delegate; the set's entry and the owner's cached oldest set are dropped. */
  @Override
  public boolean delete(CredentialRef ref) {
    try {
      return delegate.delete(ref);
    } finally {
      invalidate(ref);
    }
  }

  /** Always reads the delegate. */
  @Override
  public List<CredentialRef> listAllRefs() {
    return delegate.listAllRefs();
  }

  /** Drops the cached row of {@code ref} and the owner's cached oldest set, e.g. after a change made around this store. */
  public void invalidate(CredentialRef ref) {
    generation.incrementAndGet();
    synchronized (entries) {
      entries.remove(Key.of(ref));
      entries.remove(Key.oldest(ref.owner()));
    }
  }

  /** Drops every cached row of {@code owner}, e.g. after the owner's account and sets were deleted. */
  public void invalidateOwner(String owner) {
    generation.incrementAndGet();
    synchronized (entries) {
      entries.keySet().removeIf(k -> k.owner.equals(owner));
    }
  }

  /** Drops everything, e.g. after the vault's keys changed. */
  public void invalidateAll() {
    generation.incrementAndGet();
    synchronized (entries) {
      entries.clear();
    }
  }

  /** Counters, for tests and benchmarks. */
  public Stats stats() {
    int size;
    synchronized (entries) {
      size = entries.size();
    }
    return new Stats(hits.get(), misses.get(), size);
  }

  /** The TTL, the bound on staleness for changes made by other processes. */
  public Duration ttl() {
    return Duration.ofNanos(ttlNanos);
  }

  /** Counts and settings only; never a row. */
  @Override
  public String toString() {
    return "CachingCredentialStore{" + delegate + ", ttl=" + ttl() + ", maxEntries=" + maxEntries + ", "
        + stats() + '}';
  }

  private Optional<SealedCredential> cached(Key key, java.util.function.Supplier<Optional<SealedCredential>> read) {
    if (ttlNanos == 0) {
      return read.get();
    }
    long now = nanoTime.getAsLong();
    synchronized (entries) {
      Entry e = entries.get(key);
      if (e != null) {
        if (now - e.readAt < ttlNanos) {
          hits.incrementAndGet();
          return Optional.of(e.row);
        }
        entries.remove(key);
      }
    }
    misses.incrementAndGet();
    long before = generation.get();
    long readAt = nanoTime.getAsLong();
    Optional<SealedCredential> row = read.get();
    if (row.isPresent()) {
      synchronized (entries) {
        // A local write since the read started may have made the row stale: then it is not cached.
        if (generation.get() == before) {
          entries.put(key, new Entry(row.get(), readAt));
          Iterator<Key> it = entries.keySet().iterator();
          while (entries.size() > maxEntries && it.hasNext()) {
            it.next();
            it.remove();
          }
        }
      }
    }
    return row;
  }

  private void drop(Key key) {
    generation.incrementAndGet();
    synchronized (entries) {
      entries.remove(key);
    }
  }

  /**
   * Cache counters.
   *
   * @param hits look-ups answered from the cache
   * @param misses look-ups that read the delegate
   * @param size entries held now
   */
  public record Stats(long hits, long misses, int size) {}

  /** A set's entry ({@code identifier} non-null) or an owner's oldest-set entry ({@code identifier} null). */
  private record Key(String owner, String identifier) {
    static Key of(CredentialRef ref) {
      return new Key(ref.owner(), ref.identifier());
    }

    static Key oldest(String owner) {
      return new Key(owner, null);
    }
  }

  private record Entry(SealedCredential row, long readAt) {
    @Override
    public String toString() {
      return "Entry{" + row.ref().identifier() + "}";
    }
  }
}
