package io.s3panel.server.tasks;

import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.stats.Cancellation;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a task's read-only work on a thread of its own and waits for it while watching the task's
 * cancellation, so a cancel is answered within {@link #CANCEL_CHECK_MS} even while a slow S3 call is in
 * flight. The work itself stops at its next check of the same cancellation; what it reports after the
 * task has ended is not recorded. Only for work that writes nothing: a cancelled wait does not wait for it.
 */
public final class WatchedWork implements AutoCloseable {
  /** How often the cancellation is looked at while the work runs. */
  public static final long CANCEL_CHECK_MS = 50;

  private final ExecutorService threads;

  /** Work runs on daemon threads named {@code threadName}. */
  public WatchedWork(String threadName) {
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs {@code work} and returns its result, or throws what it threw.
   *
   * @param what names the work in the cancellation message, e.g. {@code "The storage scan"}
   * @throws OperationCancelledException once {@code cancellation} is set, or if the waiting thread is
   *     interrupted (which also sets {@code cancellation})
   */
  public <T> T run(Callable<T> work, Cancellation cancellation, String what) throws Exception {
    Future<T> running = threads.submit(work);
    try {
      while (true) {
        if (cancellation.isCancelled()) {
          running.cancel(false);
          throw new OperationCancelledException(what + " was cancelled.");
        }
        try {
          return running.get(CANCEL_CHECK_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // still running: look at the cancellation again
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } catch (InterruptedException e) {
      cancellation.cancel();
      Thread.currentThread().interrupt();
      throw new OperationCancelledException(what + " was interrupted.", e);
    }
  }

  /** Stops work still winding down after a cancel. */
  @Override
  public void close() {
    threads.shutdownNow();
  }
}
