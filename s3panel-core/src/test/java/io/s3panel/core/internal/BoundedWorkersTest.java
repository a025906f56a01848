package io.s3panel.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.stats.Cancellation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The core's one bounded worker mechanism on its own: the bound, nesting on a small pool, a refusing
 * executor, the first failure, cancellation. (Its users — scan, navigator, exposure report — have their own
 * tests against S3Proxy.)
 */
class BoundedWorkersTest {
  static List<Integer> items(int n) {
    return IntStream.range(0, n).boxed().collect(Collectors.toList());
  }

  @Test
  void map_keepsItemOrder_andNeverRunsMoreThanTheLimitAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      AtomicInteger running = new AtomicInteger();
      AtomicInteger most = new AtomicInteger();
      List<Integer> out = new BoundedWorkers(pool, null, "test").map(items(200), 5, i -> {
        most.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        running.decrementAndGet();
        return i * 2;
      });
      assertThat(out).isEqualTo(items(200).stream().map(i -> i * 2).collect(Collectors.toList()));
      assertThat(most.get()).isGreaterThan(1).isLessThanOrEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nestedRuns_onAOneThreadPool_finish_becauseTheCallerWorksToo() {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      BoundedWorkers workers = new BoundedWorkers(pool, null, "test");
      List<Integer> sums = workers.map(items(8), 4,
          b -> workers.map(items(50), 16, i -> i).stream().mapToInt(Integer::intValue).sum());
      assertThat(sums).containsOnly(1225);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refusingExecutor_theCallerDoesEveryItem() {
    List<String> threads = new CopyOnWriteArrayList<>();
    BoundedWorkers workers = new BoundedWorkers(r -> {
      throw new RejectedExecutionException("full");
    }, null, "test");
    workers.forEach(items(30), 8, (i, stop) -> threads.add(Thread.currentThread().getName()));
    assertThat(threads).hasSize(30).containsOnly(Thread.currentThread().getName());
    assertThat(workers.join(workers.start(() -> "ran here"))).isEqualTo("ran here");
  }

  @Test
  void firstFailure_stopsHandingOutItems_isRethrown_andLongItemsSeeIt() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      AtomicInteger started = new AtomicInteger();
      CountDownLatch failed = new CountDownLatch(1);
      List<String> seenByLongItem = new CopyOnWriteArrayList<>();
      IllegalStateException boom = new IllegalStateException("boom");
      assertThatThrownBy(() -> new BoundedWorkers(pool, null, "test").forEach(items(1000), 2, (i, stop) -> {
        started.incrementAndGet();
        if (i == 0) {
          // A long item: it keeps checking between its steps until the other worker's failure stops it.
          try {
            failed.await(10, TimeUnit.SECONDS);
            // The other worker counts down just before it throws: keep checking until its failure is recorded.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
              stop.check();
              Thread.sleep(1);
            }
          } catch (RuntimeException e) {
            seenByLongItem.add(e.getMessage());
            throw e;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        } else if (i == 3) {
          failed.countDown();
          throw boom;
        }
      })).isSameAs(boom);
      assertThat(seenByLongItem).containsExactly("boom");
      assertThat(started.get()).isLessThan(20);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cancellation_endsTheRunWithCancelled_atTheNextItem() {
    Cancellation stop = new Cancellation();
    AtomicInteger ran = new AtomicInteger();
    assertThatThrownBy(() -> new BoundedWorkers(Runnable::run, stop, "exposure report").forEach(items(100), 1,
        (i, s) -> {
          if (ran.incrementAndGet() == 10) {
            stop.cancel();
          }
        }))
        .isInstanceOf(OperationCancelledException.class)
        .hasMessage("The exposure report was cancelled.");
    assertThat(ran.get()).isEqualTo(10);
  }
}
