package io.s3panel.core.navigate;

import io.s3panel.core.ValidationException;
import java.util.function.Consumer;

/**
 * Which folder page to read. Immutable; {@link Builder#build()} validates, naming its own fields
 * ({@code bucket}, {@code prefix}, {@code marker}, {@code maxKeys}) in a {@link ValidationException}.
 *
 * <pre>{@code
 * FolderPageRequest first = FolderPageRequest.builder().bucket("photos").prefix("2024/").maxKeys(100).build();
 * FolderPageRequest next = first.toBuilder().marker(page.nextMarker()).build();
 * }</pre>
 */
public final class FolderPageRequest {
  /** Default page size: 12 entries. */
  public static final int DEFAULT_MAX_KEYS = 12;
  /** Largest page size S3 serves. */
  public static final int MAX_MAX_KEYS = 1000;

  private final String bucket;
  private final String prefix;
  private final String marker;
  private final int maxKeys;
  private final boolean includeGrants;

  private FolderPageRequest(Builder b) {
    this.bucket = b.bucket;
    this.prefix = b.prefix;
    this.marker = b.marker;
    this.maxKeys = b.maxKeys;
    this.includeGrants = b.includeGrants;
  }

  /** A new builder: prefix and marker empty, 12 keys, grants included. */
  public static Builder builder() {
    return new Builder();
  }

  /** Shorthand for {@code builder()}, {@code customizer}, {@code build()}. */
  public static FolderPageRequest of(Consumer<Builder> customizer) {
    Builder b = builder();
    customizer.accept(b);
    return b.build();
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    return builder().bucket(bucket).prefix(prefix).marker(marker).maxKeys(maxKeys).includeGrants(includeGrants);
  }

  /** The bucket. */
  public String bucket() {
    return bucket;
  }

  /** The folder prefix, usually ending with {@code /}; {@code ""} for the bucket's root. */
  public String prefix() {
    return prefix;
  }

  /** Start after this key or folder; {@code ""} from the start. */
  public String marker() {
    return marker;
  }

  /** Folders and files on the page together, 1 to 1000. */
  public int maxKeys() {
    return maxKeys;
  }

  /** Whether each file's ACL is looked up. */
  public boolean includeGrants() {
    return includeGrants;
  }

  @Override
  public String toString() {
    return "FolderPageRequest{bucket=" + bucket + ", prefix=" + prefix + ", marker=" + marker
        + ", maxKeys=" + maxKeys + ", includeGrants=" + includeGrants + '}';
  }

  /** Builds a {@link FolderPageRequest}. */
  public static final class Builder {
    private String bucket;
    private String prefix = "";
    private String marker = "";
    private int maxKeys = DEFAULT_MAX_KEYS;
    private boolean includeGrants = true;

    private Builder() {}

    /** Required. */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /** {@code null} means {@code ""}. */
    public Builder prefix(String prefix) {
      this.prefix = prefix == null ? "" : prefix;
      return this;
    }

    /** {@code null} means {@code ""}. */
    public Builder marker(String marker) {
      this.marker = marker == null ? "" : marker;
      return this;
    }

    /** 1 to 1000; default 12. */
    public Builder maxKeys(int maxKeys) {
      this.maxKeys = maxKeys;
      return this;
    }

    /** Default true. */
    public Builder includeGrants(boolean includeGrants) {
      this.includeGrants = includeGrants;
      return this;
    }

    /** Validates and builds. */
    public FolderPageRequest build() {
      ValidationException.Collector errors = new ValidationException.Collector();
      Names.checkBucket(errors, bucket);
      Names.checkKeyLike(errors, "prefix", prefix, true);
      Names.checkKeyLike(errors, "marker", marker, true);
      errors.check(maxKeys < 1 || maxKeys > MAX_MAX_KEYS, "maxKeys", "The page size must be between 1 and 1000.");
      errors.throwIfAny();
      return new FolderPageRequest(this);
    }
  }
}
