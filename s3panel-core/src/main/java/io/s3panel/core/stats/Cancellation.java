package io.s3panel.core.stats;

import java.util.concurrent.atomic.AtomicBoolean;

/** A flag a caller sets to stop a running scan; the scan stops at its next page. Thread-safe. */
public final class Cancellation {
  private final AtomicBoolean cancelled = new AtomicBoolean();

  /** A flag not yet set. */
  public Cancellation() {}

  /** Asks the scan to stop. */
  public void cancel() {
    cancelled.set(true);
  }

  /** True once {@link #cancel()} was called. */
  public boolean isCancelled() {
    return cancelled.get();
  }

  @Override
  public String toString() {
    return "Cancellation{" + (isCancelled() ? "cancelled" : "running") + '}';
  }
}
