package io.s3panel.core.objects;

import io.s3panel.core.ValidationException;
import io.s3panel.core.navigate.Names;
import java.util.function.Consumer;

/**
 * A copy or move of one object: source bucket and key, destination bucket (default: the source's) and
 * key, whether an existing destination may be replaced, and whether the source is deleted afterwards.
 * Immutable; the builder validates, naming its own fields ({@code bucket}, {@code key},
 * {@code destinationBucket}, {@code destinationKey}) in a {@link ValidationException}.
 *
 * <pre>{@code
 * CopyRequest rename = CopyRequest.of(b -> b.bucket("docs").key("a.txt").destinationKey("b.txt").move(true).overwrite(false));
 * }</pre>
 */
public final class CopyRequest {
  private final String bucket;
  private final String key;
  private final String destinationBucket;
  private final String destinationKey;
  private final boolean overwrite;
  private final boolean move;

  private CopyRequest(Builder b) {
    this.bucket = b.bucket;
    this.key = b.key;
    this.destinationBucket = b.destinationBucket == null ? b.bucket : b.destinationBucket;
    this.destinationKey = b.destinationKey;
    this.overwrite = b.overwrite;
    this.move = b.move;
  }

  /** A new builder: overwrite allowed, copy (not move). */
  public static Builder builder() {
    return new Builder();
  }

  /** Shorthand for {@code builder()}, {@code customizer}, {@code build()}. */
  public static CopyRequest of(Consumer<Builder> customizer) {
    Builder b = builder();
    customizer.accept(b);
    return b.build();
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    return builder().bucket(bucket).key(key).destinationBucket(destinationBucket).destinationKey(destinationKey)
        .overwrite(overwrite).move(move);
  }

  /** The source bucket. */
  public String bucket() {
    return bucket;
  }

  /** The source key. */
  public String key() {
    return key;
  }

  /** The destination bucket. */
  public String destinationBucket() {
    return destinationBucket;
  }

  /** The destination key. */
  public String destinationKey() {
    return destinationKey;
  }

  /** False: an existing destination object makes the copy fail with a conflict. */
  public boolean overwrite() {
    return overwrite;
  }

  /** True: the source is deleted once the copy has succeeded. */
  public boolean move() {
    return move;
  }

  @Override
  public String toString() {
    return "CopyRequest{" + bucket + "/" + key + " -> " + destinationBucket + "/" + destinationKey
        + ", overwrite=" + overwrite + ", move=" + move + '}';
  }

  /** Builds a {@link CopyRequest}. */
  public static final class Builder {
    private String bucket;
    private String key;
    private String destinationBucket;
    private String destinationKey;
    private boolean overwrite = true;
    private boolean move;

    private Builder() {}

    /** Required: the source bucket. */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /** Required: the source key. */
    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /** {@code null} or empty: the source bucket. */
    public Builder destinationBucket(String bucket) {
      this.destinationBucket = bucket == null || bucket.isEmpty() ? null : bucket;
      return this;
    }

    /** Required. */
    public Builder destinationKey(String key) {
      this.destinationKey = key;
      return this;
    }

    /** Default true. */
    public Builder overwrite(boolean value) {
      this.overwrite = value;
      return this;
    }

    /** Default false. */
    public Builder move(boolean value) {
      this.move = value;
      return this;
    }

    /** Validates and builds. */
    public CopyRequest build() {
      ValidationException.Collector errors = new ValidationException.Collector();
      Names.checkBucket(errors, bucket);
      Names.checkKeyLike(errors, "key", key, false);
      if (destinationBucket != null) {
        ValidationException.Collector d = new ValidationException.Collector();
        Names.checkBucket(d, destinationBucket);
        errors.check(!d.isEmpty(), "destinationBucket", "The destination bucket name is not valid.");
      }
      Names.checkKeyLike(errors, "destinationKey", destinationKey, false);
      errors.throwIfAny();
      return new CopyRequest(this);
    }
  }
}
