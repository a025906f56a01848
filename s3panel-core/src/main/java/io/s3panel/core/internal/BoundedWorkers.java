package io.s3panel.core.internal;

import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.stats.Cancellation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The core's one way of running many S3 calls at once: the items of a list are handed out in order to at
 * most {@code limit} workers on the shared executor, the calling thread being one of them. Used for the
 * buckets of a storage scan and of an exposure report, and for the ACL look-ups of a folder page, a bucket
 * list and an exposure report.
 *
 * <p>The caller waits for the <em>items</em>, not for the workers it asked for: a worker that starts after
 * every item was taken ends at once, and a busy or refusing executor only means the calling thread does more
 * of the work, so nesting runs (buckets, then each bucket's look-ups) cannot deadlock. The first failure of
 * an item stops the handing out of further items and is rethrown once the items in flight have finished;
 * long items see it (and the cancellation) through {@link Stop#check()} between their steps. A set
 * {@link Cancellation}, or an interrupt of the waiting caller, ends the run with
 * {@link OperationCancelledException}.
 */
final class BoundedWorkers {
  private final Executor executor;
  private final Cancellation cancellation;
  private final String what;

  /**
   * @param executor runs the helper workers (the calling thread is always one more)
   * @param cancellation checked before every item, or {@code null} for none
   * @param what names the operation in messages, e.g. "storage scan"
   */
  BoundedWorkers(Executor executor, Cancellation cancellation, String what) {
    this.executor = executor;
    this.cancellation = cancellation;
    this.what = what;
  }

  /** Seen by an item while the run goes on. */
  interface Stop {
    /**
     * Throws the run's first failure, or {@link OperationCancelledException} once the run was cancelled or
     * the thread interrupted; returns otherwise.
     */
    void check();
  }

  /** Runs {@code task} for every item, at most {@code limit} at once; returns when every item is done. */
  <T> void forEach(List<T> items, int limit, BiConsumer<? super T, Stop> task) {
    int n = items.size();
    if (n == 0) {
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch finished = new CountDownLatch(n);
    Stop stop = () -> {
      checkCancelled();
      rethrow(failure.get());
    };
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
        try {
          if (failure.get() == null) {
            checkCancelled();
            task.accept(items.get(i), stop);
          }
        } catch (RuntimeException | Error e) {
          failure.compareAndSet(null, e);
        } finally {
          finished.countDown();
        }
      }
    };
    int helpers = Math.min(limit, n) - 1;
    for (int w = 0; w < helpers; w++) {
      try {
        executor.execute(worker);
      } catch (RejectedExecutionException e) {
        break; // the calling thread does the rest
      }
    }
    worker.run();
    try {
      finished.await();
    } catch (InterruptedException e) {
      next.set(n);
      if (cancellation != null) {
        cancellation.cancel();
      }
      Thread.currentThread().interrupt();
      throw new OperationCancelledException("The " + what + " was interrupted.", e);
    }
    rethrow(failure.get());
  }

  /** {@link #forEach} with a result per item, in item order. */
  <T, R> List<R> map(List<T> items, int limit, Function<? super T, ? extends R> task) {
    Object[] results = new Object[items.size()];
    List<Integer> indexes = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      indexes.add(i);
    }
    forEach(indexes, limit, (i, stop) -> results[i] = task.apply(items.get(i)));
    @SuppressWarnings("unchecked")
    List<R> out = (List<R>) Arrays.asList(results);
    return out;
  }

  /** Throws {@link OperationCancelledException} when the run was cancelled or this thread interrupted. */
  void checkCancelled() {
    if ((cancellation != null && cancellation.isCancelled()) || Thread.currentThread().isInterrupted()) {
      throw new OperationCancelledException("The " + what + " was cancelled.");
    }
  }

  /** Runs {@code task} on the executor, or later on the caller through {@link #join} if it refuses. */
  <V> FutureTask<V> start(java.util.concurrent.Callable<V> task) {
    FutureTask<V> f = new FutureTask<>(task);
    try {
      executor.execute(f);
    } catch (RejectedExecutionException e) {
      // joined on the calling thread
    }
    return f;
  }

  /** Runs the task on this thread unless a pool thread already took it, then returns its result. */
  <V> V join(FutureTask<V> task) {
    task.run(); // no-op when it already ran or is running elsewhere
    return await(task);
  }

  private <V> V await(Future<V> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new OperationCancelledException("The " + what + " was interrupted.", e);
    } catch (ExecutionException e) {
      rethrow(e.getCause());
      throw new IllegalStateException(e.getCause());
    }
  }

  private static void rethrow(Throwable t) {
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
  }
}
