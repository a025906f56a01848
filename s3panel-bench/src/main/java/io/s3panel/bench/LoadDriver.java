package io.s3panel.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The load driver: virtual users, each a thread with its own keep-alive connection to 127.0.0.1, bounded
 * by a duration and a request count. Two shapes: closed loop (each user sends its next request when the
 * last answered: maximum throughput) and paced (a fixed total rate; latency counted from the request's
 * scheduled time, so a stalled server is not hidden by the driver waiting for it — no coordinated
 * omission).
 */
public final class LoadDriver {
  private LoadDriver() {}

  /** One request of virtual user {@code user}; returns the HTTP status. */
  @FunctionalInterface
  public interface Call {
    int call(HttpConn conn, int user, long seq) throws IOException;
  }

  /**
   * A run's figures.
   *
   * @param name what ran
   * @param requests completed requests in the measured window
   * @param errors requests that failed or answered other than 2xx
   * @param seconds the measured window
   * @param samples latencies
   */
  public record Result(String name, long requests, long errors, double seconds, Samples samples) {
    /** Requests per second. */
    public double rps() {
      return requests / seconds;
    }

    @Override
    public String toString() {
      return String.format("%s: %d req in %.1f s = %.0f req/s, errors %d, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms",
          name, requests, seconds, rps(), errors, samples.p50(), samples.percentileMs(90), samples.p99(),
          samples.percentileMs(100));
    }
  }

  /** Closed loop: {@code users} connections as fast as answers come, after a warm-up. */
  public static Result closedLoop(String name, int port, int users, Duration warmup, Duration measure, long maxRequests,
      Call call) {
    return run(name, port, users, warmup, measure, maxRequests, 0, call);
  }

  /** Paced: {@code ratePerSecond} in total over {@code users} connections, after a warm-up at the same rate. */
  public static Result paced(String name, int port, int users, double ratePerSecond, Duration warmup, Duration measure,
      Call call) {
    return run(name, port, users, warmup, measure, Long.MAX_VALUE, ratePerSecond, call);
  }

  private static Result run(String name, int port, int users, Duration warmup, Duration measure, long maxRequests,
      double rate, Call call) {
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + measure.toNanos();
    AtomicLong completed = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong issued = new AtomicLong();
    AtomicLong lastDone = new AtomicLong(measureFrom);
    Samples all = new Samples(5_000_000);
    List<Thread> threads = new ArrayList<>();
    long intervalPerUser = rate > 0 ? (long) (1e9 * users / rate) : 0;
    for (int u = 0; u < users; u++) {
      int user = u;
      Thread t = new Thread(() -> {
        Samples mine = new Samples(2_000_000);
        try (HttpConn conn = new HttpConn(port)) {
          // Stagger paced users evenly over one interval.
          long next = start + (intervalPerUser > 0 ? intervalPerUser * user / users : 0);
          long seq = 0;
          while (true) {
            long scheduled;
            if (intervalPerUser > 0) {
              scheduled = next;
              next += intervalPerUser;
              long wait = scheduled - System.nanoTime();
              if (wait > 0) {
                LockSupport.parkNanos(wait);
              }
            } else {
              scheduled = System.nanoTime();
            }
            if (scheduled >= end || (scheduled >= measureFrom && issued.incrementAndGet() > maxRequests)) {
              break;
            }
            int status;
            try {
              status = call.call(conn, user, seq++);
            } catch (IOException | RuntimeException e) {
              status = -1;
              conn.close();
            }
            long done = System.nanoTime();
            if (scheduled >= measureFrom && done <= end + measure.toNanos()) {
              completed.incrementAndGet();
              lastDone.accumulateAndGet(done, Math::max);
              mine.add(done - scheduled);
              if (status < 200 || status > 299) {
                errors.incrementAndGet();
              }
            }
          }
        }
        all.addAll(mine);
      }, "bench-user-" + u);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      try {
        t.join(warmup.plus(measure).toMillis() + 180_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    double seconds = Math.max(1_000_000, Math.min(end, lastDone.get()) - measureFrom) / 1e9;
    return new Result(name, completed.get(), errors.get(), seconds, all);
  }
}
