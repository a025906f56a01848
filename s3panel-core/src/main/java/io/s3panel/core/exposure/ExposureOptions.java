package io.s3panel.core.exposure;

import io.s3panel.core.ValidationException;
import io.s3panel.core.stats.Cancellation;
import java.util.function.Consumer;

/**
 * How to run an exposure report. Immutable; {@link Builder#build()} validates, naming its own fields
 * ({@code objects}, {@code sampleSize}, {@code bucketConcurrency}, {@code aclConcurrency}, {@code listener},
 * {@code cancellation}) in a {@link ValidationException}. {@link #defaults()} samples up to 1,000 objects a
 * bucket, 4 buckets and 16 ACL look-ups at a time.
 *
 * <pre>{@code
 * Cancellation stop = new Cancellation();
 * ExposureOptions options = ExposureOptions.of(b -> b.objects(ObjectMode.ALL).listener(l).cancellation(stop));
 * }</pre>
 */
public final class ExposureOptions {
  /** Default objects sampled per bucket. */
  public static final int DEFAULT_SAMPLE_SIZE = 1000;

  private final ObjectMode objects;
  private final int sampleSize;
  private final int bucketConcurrency;
  private final int aclConcurrency;
  private final ExposureListener listener;
  private final Cancellation cancellation;

  private ExposureOptions(Builder b) {
    this.objects = b.objects;
    this.sampleSize = b.sampleSize;
    this.bucketConcurrency = b.bucketConcurrency;
    this.aclConcurrency = b.aclConcurrency;
    this.listener = b.listener;
    this.cancellation = b.cancellation;
  }

  /** Sample mode, 1,000 objects, 4 buckets and 16 look-ups at a time, no listener, never cancelled. */
  public static ExposureOptions defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Shorthand for {@code builder()}, {@code customizer}, {@code build()}. */
  public static ExposureOptions of(Consumer<Builder> customizer) {
    Builder b = builder();
    customizer.accept(b);
    return b.build();
  }

  /** A builder holding these options' values. */
  public Builder toBuilder() {
    return builder().objects(objects).sampleSize(sampleSize).bucketConcurrency(bucketConcurrency)
        .aclConcurrency(aclConcurrency).listener(listener).cancellation(cancellation);
  }

  /** How many object ACLs are read per bucket. */
  public ObjectMode objects() {
    return objects;
  }

  /** Objects read per bucket in {@link ObjectMode#SAMPLE} mode (the first ones in key order). */
  public int sampleSize() {
    return sampleSize;
  }

  /** Buckets checked at the same time. */
  public int bucketConcurrency() {
    return bucketConcurrency;
  }

  /** Object ACL look-ups of one bucket running at the same time (the next listing page is fetched meanwhile). */
  public int aclConcurrency() {
    return aclConcurrency;
  }

  /** Who hears about progress. */
  public ExposureListener listener() {
    return listener;
  }

  /** The flag that stops the report. */
  public Cancellation cancellation() {
    return cancellation;
  }

  @Override
  public String toString() {
    return "ExposureOptions{objects=" + objects.code() + ", sampleSize=" + sampleSize + ", bucketConcurrency="
        + bucketConcurrency + ", aclConcurrency=" + aclConcurrency + '}';
  }

  /** Builds {@link ExposureOptions}. */
  public static final class Builder {
    private ObjectMode objects = ObjectMode.SAMPLE;
    private int sampleSize = DEFAULT_SAMPLE_SIZE;
    private int bucketConcurrency = 4;
    private int aclConcurrency = 16;
    private ExposureListener listener = ExposureListener.NONE;
    private Cancellation cancellation = new Cancellation();

    private Builder() {}

    /** Default {@link ObjectMode#SAMPLE}. */
    public Builder objects(ObjectMode mode) {
      this.objects = mode;
      return this;
    }

    /** 1 to 100,000; default 1,000. */
    public Builder sampleSize(int value) {
      this.sampleSize = value;
      return this;
    }

    /** 1 to 64; default 4. */
    public Builder bucketConcurrency(int value) {
      this.bucketConcurrency = value;
      return this;
    }

    /** 1 to 256; default 16. */
    public Builder aclConcurrency(int value) {
      this.aclConcurrency = value;
      return this;
    }

    /** Default {@link ExposureListener#NONE}. */
    public Builder listener(ExposureListener listener) {
      this.listener = listener;
      return this;
    }

    /** Default: a flag nobody sets. */
    public Builder cancellation(Cancellation cancellation) {
      this.cancellation = cancellation;
      return this;
    }

    /** Validates and builds. */
    public ExposureOptions build() {
      ValidationException.Collector errors = new ValidationException.Collector();
      errors.check(objects == null, "objects", "Must be none, sample or all.");
      errors.check(sampleSize < 1 || sampleSize > 100_000, "sampleSize", "Must be 1 to 100000.");
      errors.check(bucketConcurrency < 1 || bucketConcurrency > 64, "bucketConcurrency", "Must be 1 to 64.");
      errors.check(aclConcurrency < 1 || aclConcurrency > 256, "aclConcurrency", "Must be 1 to 256.");
      errors.check(listener == null, "listener", "Required.");
      errors.check(cancellation == null, "cancellation", "Required.");
      errors.throwIfAny();
      return new ExposureOptions(this);
    }
  }
}
