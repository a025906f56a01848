package io.s3panel.server.auth;

import io.s3panel.server.config.S3PanelConfig;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.lang.ref.SoftReference;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing in PHC string form ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}).
 *
 * <p>Each hash has a fresh 16-byte salt; verification is constant-time; a stored hash made with weaker
 * parameters than the configured ones is reported by {@link #needsRehash} so it can be upgraded at the
 * next login. Hashing is CPU- and memory-heavy on purpose, so at most {@code hashingConcurrency} hashes
 * run at once (default: half the processors, at least one) and a hash waits at most
 * {@code hashingQueueTimeout} for its turn (then the login answers 429): a login flood queues here, holding
 * no Argon2 memory while it waits, instead of starving every other request.
 *
 * <p>Each slot keeps its Argon2 memory (19,460 blocks of 1 KiB for m=19456) between hashes instead of
 * allocating it anew for every hash: a flood then allocates almost nothing, so it no longer drives the
 * collector (with the documented 128 MiB heap, 19 MiB per login at 15 logins/s was twice the heap every
 * second). The generator zeroes every block before it returns it to the slot's pool. A slot's memory is held
 * through a soft reference, so the collector may take it back under memory pressure; the slot then
 * allocates afresh at its next hash.
 */
@Singleton
public final class PasswordHasher {
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private final int memoryKib;
  private final int iterations;
  private final int parallelism;
  final Semaphore slots; // package-private: tests hold a slot to prove the queue is bounded
  private final BlockingQueue<SlotMemory> memory; // one per slot: whoever holds a permit takes one
  private final Duration queueTimeout;
  private final SecureRandom random = new SecureRandom();
  private final String dummyHash;
  private final AtomicLong verifications = new AtomicLong();

  /** Hasher with the configured Argon2id parameters. */
  public PasswordHasher(S3PanelConfig config) {
    this(config.argon2MemoryKib(), config.argon2Iterations(), config.argon2Parallelism(),
        config.hashingConcurrency() > 0 ? config.hashingConcurrency()
            : Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
        config.hashingQueueTimeout());
  }

  PasswordHasher(int memoryKib, int iterations, int parallelism, int concurrency) {
    this(memoryKib, iterations, parallelism, concurrency, Duration.ofSeconds(30));
  }

  PasswordHasher(int memoryKib, int iterations, int parallelism, int concurrency, Duration queueTimeout) {
    if (memoryKib < 19456 || iterations < 2 || parallelism < 1) {
      throw new IllegalArgumentException("Argon2id parameters below the OWASP minimum (m=19456 KiB, t=2, p=1).");
    }
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.slots = new Semaphore(Math.max(1, concurrency), true);
    this.memory = new ArrayBlockingQueue<>(Math.max(1, concurrency));
    for (int i = 0; i < Math.max(1, concurrency); i++) {
      memory.add(new SlotMemory(Argon2BytesGenerator.getBlockCount(memoryKib, parallelism)));
    }
    this.queueTimeout = queueTimeout;
    this.dummyHash = hash("dummy password for timing equality " + random.nextLong());
  }

  /** A new PHC string for {@code password}. */
  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] out = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
    return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$" + B64.encodeToString(salt)
        + "$" + B64.encodeToString(out);
  }

  /** True when {@code password} matches {@code phc}; false for a wrong password or an unparsable hash. */
  public boolean verify(String password, String phc) {
    Parsed p = Parsed.of(phc);
    if (p == null) {
      return false;
    }
    verifications.incrementAndGet();
    byte[] out = derive(password, p.salt, p.memoryKib, p.iterations, p.parallelism, p.hash.length);
    return MessageDigest.isEqual(out, p.hash);
  }

  /** Spends the same time as a real verification, for users that do not exist; always false. */
  public boolean verifyDummy(String password) {
    verify(password, dummyHash);
    return false;
  }

  /** Password verifications started so far, dummy ones included: what throttling must keep small. */
  public long verifications() {
    return verifications.get();
  }

  /** True when {@code phc} was made with weaker parameters than the configured ones (or is unreadable). */
  public boolean needsRehash(String phc) {
    Parsed p = Parsed.of(phc);
    return p == null || p.memoryKib < memoryKib || p.iterations < iterations || p.parallelism != parallelism
        || p.hash.length < HASH_BYTES;
  }

  private byte[] derive(String password, byte[] salt, int m, int t, int par, int length) {
    byte[] out = new byte[length];
    acquire();
    // As many SlotMemory objects as permits, and each permit holder takes one and gives it back: never empty.
    SlotMemory slot = memory.remove();
    try {
      Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
          .withVersion(Argon2Parameters.ARGON2_VERSION_13)
          .withMemoryAsKB(m)
          .withIterations(t)
          .withParallelism(par)
          .withSalt(salt)
          .withBlockPool(slot.pool())
          .build();
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(params);
      generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    } finally {
      memory.add(slot);
      slots.release();
    }
    return out;
  }

  /**
   * One slot's Argon2 memory: a pool that keeps up to {@code blocks} blocks (what the configured parameters
   * use) between hashes. A stored hash with a bigger {@code m} borrows extra blocks for its one hash.
   */
  private static final class SlotMemory {
    private final int blocks;
    private SoftReference<Argon2BytesGenerator.BlockPool> ref = new SoftReference<>(null);

    SlotMemory(int blocks) {
      this.blocks = blocks;
    }

    /** Only called by the holder of this slot, so never by two threads at once. */
    Argon2BytesGenerator.BlockPool pool() {
      Argon2BytesGenerator.BlockPool pool = ref.get();
      if (pool == null) {
        pool = new Argon2BytesGenerator.FixedBlockPool(blocks);
        ref = new SoftReference<>(pool);
      }
      return pool;
    }
  }

  /** Waits for a hashing slot, at most {@link #queueTimeout}; past that the caller is told to come back. */
  private void acquire() {
    try {
      if (!slots.tryAcquire(queueTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new HashingBusyException(queueTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HashingBusyException(queueTimeout);
    }
  }

  /** Too many password hashes are waiting: the login or registration should be retried shortly. */
  public static final class HashingBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    HashingBusyException(Duration retryAfter) {
      super("Too many logins at once", null, false, false);
      this.retryAfter = retryAfter;
    }

    /** A sensible wait before retrying. */
    public Duration retryAfter() {
      return retryAfter;
    }
  }

  @Override
  public String toString() {
    return "PasswordHasher{argon2id m=" + memoryKib + " t=" + iterations + " p=" + parallelism + '}';
  }

  /** A parsed PHC string. */
  private record Parsed(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
    static Parsed of(String phc) {
      if (phc == null) {
        return null;
      }
      String[] parts = phc.split("\\$");
      // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
      if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
        return null;
      }
      try {
        int m = 0;
        int t = 0;
        int p = 0;
        for (String kv : parts[3].split(",")) {
          String[] pair = kv.split("=", 2);
          int v = Integer.parseInt(pair[1]);
          switch (pair[0]) {
            case "m" -> m = v;
            case "t" -> t = v;
            case "p" -> p = v;
            default -> {
              return null;
            }
          }
        }
        if (m < 8 || t < 1 || p < 1 || m > 4_194_304 || t > 100 || p > 64) {
          return null;
        }
        byte[] salt = B64D.decode(parts[4]);
        byte[] hash = B64D.decode(parts[5]);
        return hash.length < 16 ? null : new Parsed(m, t, p, salt, hash);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }
}
