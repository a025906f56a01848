package io.s3panel.bench;

import io.micronaut.context.ApplicationContext;
import io.s3panel.server.auth.PasswordHasher;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Why a login flood hurts other requests, isolated from HTTP: 16 threads verifying passwords back to back
 * with the server's {@link PasswordHasher} (each hashing slot reuses its Argon2 memory) versus the same
 * Argon2id call allocating its 19 MiB of memory afresh inside the slot for every hash (the server's code
 * before the reuse), while a probe thread runs a small task every 5 ms and records how late it finishes.
 * Reports GC work, peak heap and the probe's p99.
 */
final class HashFloodBench {
  private final Report r;
  private final boolean smoke;

  HashFloodBench(Report r, boolean smoke) {
    this.r = r;
    this.smoke = smoke;
  }

  void run() {
    r.line("");
    r.line("### Login flood in isolation: where the damage comes from (this JVM, no HTTP)");
    long seconds = smoke ? 1 : 8;
    List<List<Object>> rows = new ArrayList<>();
    rows.add(measure("none (probe alone)", 0, null, seconds));
    for (int hc : new int[] {2, 1}) {
      Map<String, Object> p = Env.devProperties();
      p.put("s3panel.hashing-concurrency", hc);
      try (ApplicationContext ctx = ApplicationContext.run(p)) {
        PasswordHasher hasher = ctx.getBean(PasswordHasher.class);
        String phc = hasher.hash(Env.benchPassword());
        rows.add(measure("server's PasswordHasher, hashing-concurrency " + hc, 16,
            x -> hasher.verify(Env.benchPassword(), phc), seconds));
      }
      Fixed fixed = new Fixed(hc);
      rows.add(measure("fresh 19 MiB per hash inside the slot (previous code), concurrency " + hc, 16, x -> fixed.derive(), seconds));
    }
    r.f("- 16 threads verify back to back for %d s; the probe runs a 2 KB string + map task every 5 ms; latency from its "
        + "scheduled time. JVM: this one (default ergonomics, max heap %.1f GiB)", seconds,
        Runtime.getRuntime().maxMemory() / 1073741824.0);
    r.table(List.of("hashing", "hashes/s", "probe p50 ms", "probe p99 ms", "GC count", "GC time ms",
        "peak heap used MiB"), rows);
  }

  private List<Object> measure(String name, int threads, Consumer<Integer> hash, long seconds) {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    System.gc();
    long gcCount0 = gcCount();
    long gcTime0 = gcTime();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong hashes = new AtomicLong();
    AtomicLong peak = new AtomicLong(mem.getHeapMemoryUsage().getUsed());
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int n = i;
      Thread t = new Thread(() -> {
        while (running.get()) {
          hash.accept(n);
          hashes.incrementAndGet();
        }
      }, "bench-hash-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
    Samples probe = new Samples(10_000);
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    long next = start;
    int sink = 0;
    while (next < end) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      StringBuilder b = new StringBuilder();
      Map<String, Integer> m = new HashMap<>();
      for (int i = 0; i < 64; i++) {
        b.append("{\"file\":\"p/f").append(i).append(".txt\"}");
        m.put("k" + i, i);
      }
      sink += b.length() + m.size();
      probe.add(System.nanoTime() - next);
      peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
      next += 5_000_000;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    running.set(false);
    for (Thread t : workers) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (sink == 42) {
      System.out.print("");
    }
    return List.of(name, hashes.get() / elapsed, probe.p50(), probe.p99(), gcCount() - gcCount0, gcTime() - gcTime0,
        peak.get() / 1048576.0);
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  private static long gcTime() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionTime());
    }
    return n;
  }

  /** The previous PasswordHasher.derive: take the slot first, then allocate fresh memory and compute (same parameters). */
  static final class Fixed {
    private final Semaphore slots;
    private final byte[] salt = new byte[16];

    Fixed(int concurrency) {
      this.slots = new Semaphore(concurrency, true);
      new SecureRandom().nextBytes(salt);
    }

    byte[] derive() {
      slots.acquireUninterruptibly();
      try {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(19456).withIterations(2)
            .withParallelism(1).withSalt(salt).build());
        byte[] out = new byte[32];
        generator.generateBytes(Env.benchPassword().getBytes(StandardCharsets.UTF_8), out);
        return out;
      } finally {
        slots.release();
      }
    }
  }
}
