package io.s3panel.core.objects;

import io.s3panel.core.ValidationException;
import io.s3panel.core.stats.Cancellation;

/**
 * How to run a batch: who hears about progress, the flag that stops it (the same {@link Cancellation} a
 * storage scan uses, so one task machinery can stop both), and how many failures are kept in the result.
 * Immutable.
 *
 * <pre>{@code
 * Cancellation stop = new Cancellation();
 * BatchOptions options = BatchOptions.builder().listener(BatchListener.ofProgress(p -> show(p))).cancellation(stop).build();
 * }</pre>
 */
public final class BatchOptions {
  /** Failures listed in a result by default; all are counted. */
  public static final int DEFAULT_MAX_LISTED_FAILURES = 1000;

  private final BatchListener listener;
  private final Cancellation cancellation;
  private final int maxListedFailures;

  private BatchOptions(Builder b) {
    this.listener = b.listener;
    this.cancellation = b.cancellation;
    this.maxListedFailures = b.maxListedFailures;
  }

  /** No listener, never cancelled, the first 1,000 failures listed. */
  public static BatchOptions defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Who hears about progress. */
  public BatchListener listener() {
    return listener;
  }

  /** The flag that stops the batch. */
  public Cancellation cancellation() {
    return cancellation;
  }

  /** Failures kept in {@link BatchResult#failures()}; the rest are only counted. */
  public int maxListedFailures() {
    return maxListedFailures;
  }

  /** Builds {@link BatchOptions}. */
  public static final class Builder {
    private BatchListener listener = BatchListener.NONE;
    private Cancellation cancellation = new Cancellation();
    private int maxListedFailures = DEFAULT_MAX_LISTED_FAILURES;

    private Builder() {}

    /** Default {@link BatchListener#NONE}. */
    public Builder listener(BatchListener listener) {
      this.listener = listener;
      return this;
    }

    /** Default: a flag nobody sets. */
    public Builder cancellation(Cancellation cancellation) {
      this.cancellation = cancellation;
      return this;
    }

    /** 0 to 100,000; default 1,000. */
    public Builder maxListedFailures(int value) {
      this.maxListedFailures = value;
      return this;
    }

    /** Validates and builds. */
    public BatchOptions build() {
      ValidationException.Collector errors = new ValidationException.Collector();
      errors.check(listener == null, "listener", "Required.");
      errors.check(cancellation == null, "cancellation", "Required.");
      errors.check(maxListedFailures < 0 || maxListedFailures > 100_000, "maxListedFailures", "Must be 0 to 100000.");
      errors.throwIfAny();
      return new BatchOptions(this);
    }
  }
}
