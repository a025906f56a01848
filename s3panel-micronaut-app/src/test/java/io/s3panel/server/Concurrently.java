package io.s3panel.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The server tests' one way of firing calls at the same moment: n threads, released together. */
public final class Concurrently {
  private Concurrently() {}

  /** One call, told its index. */
  @FunctionalInterface
  public interface IndexedCall<T> {
    T call(int index) throws Exception;
  }

  /** Runs {@code call(i)} for i in 0..n-1 at once (released together); returns the results in index order. */
  public static <T> List<T> run(int n, IndexedCall<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          go.await();
          return call.call(index);
        }));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(10, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs {@code call} n times at once (released together); returns the results. */
  public static <T> List<T> run(int n, Callable<T> call) throws Exception {
    return run(n, i -> call.call());
  }
}
