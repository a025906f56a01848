package io.s3panel.core.stats;

import io.s3panel.core.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to run a storage scan. Immutable; {@link #defaults()} scans 4 buckets at a time.
 *
 * <pre>{@code
 * Cancellation stop = new Cancellation();
 * ScanOptions options = ScanOptions.builder().bucketConcurrency(8).listener(p -> show(p)).cancellation(stop).build();
 * }</pre>
 */
public final class ScanOptions {
  private final int bucketConcurrency;
  private final ScanListener listener;
  private final Cancellation cancellation;
  private final Map<String, BucketUsage> alreadyCounted;

  private ScanOptions(Builder b) {
    this.bucketConcurrency = b.bucketConcurrency;
    this.listener = b.listener;
    this.cancellation = b.cancellation;
    this.alreadyCounted = Map.copyOf(b.alreadyCounted);
  }

  /** 4 buckets at a time, no listener, never cancelled, nothing to resume. */
  public static ScanOptions defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Buckets scanned at the same time. */
  public int bucketConcurrency() {
    return bucketConcurrency;
  }

  /** Who hears about progress. */
  public ScanListener listener() {
    return listener;
  }

  /** The flag that stops the scan. */
  public Cancellation cancellation() {
    return cancellation;
  }

  /** Buckets counted by an earlier, interrupted scan; they are not scanned again. */
  public Map<String, BucketUsage> alreadyCounted() {
    return alreadyCounted;
  }

  /** Builds {@link ScanOptions}. */
  public static final class Builder {
    private int bucketConcurrency = 4;
    private ScanListener listener = ScanListener.NONE;
    private Cancellation cancellation = new Cancellation();
    private final Map<String, BucketUsage> alreadyCounted = new LinkedHashMap<>();

    private Builder() {}

    /** 1 to 64; default 4. */
    public Builder bucketConcurrency(int value) {
      this.bucketConcurrency = value;
      return this;
    }

    /** Default {@link ScanListener#NONE}. */
    public Builder listener(ScanListener listener) {
      this.listener = listener;
      return this;
    }

    /** Default: a flag nobody sets. */
    public Builder cancellation(Cancellation cancellation) {
      this.cancellation = cancellation;
      return this;
    }

    /** Resume: skip these buckets and take their counts as they are (failed ones are scanned again). */
    public Builder alreadyCounted(Iterable<BucketUsage> usages) {
      for (BucketUsage u : usages) {
        if (u.ok()) {
          alreadyCounted.put(u.bucket(), u);
        }
      }
      return this;
    }

    /** Validates and builds. */
    public ScanOptions build() {
      ValidationException.Collector errors = new ValidationException.Collector();
      errors.check(bucketConcurrency < 1 || bucketConcurrency > 64, "bucketConcurrency", "Must be 1 to 64.");
      errors.check(listener == null, "listener", "Required.");
      errors.check(cancellation == null, "cancellation", "Required.");
      errors.throwIfAny();
      return new ScanOptions(this);
    }
  }
}
