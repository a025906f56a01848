package io.s3panel.core.objects;

import io.s3panel.core.ValidationException;
import io.s3panel.core.navigate.Names;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What to download: an object, optionally one byte range, optionally only if its ETag differs from one
 * the caller holds ({@code If-None-Match}). Immutable; the builder validates, naming its own
 * fields ({@code bucket}, {@code key}, {@code ifNoneMatch}) in a {@link ValidationException}.
 *
 * <pre>{@code
 * DownloadRequest r = DownloadRequest.of(b -> b.bucket("docs").key("a.pdf").range(ByteRange.parse(rangeHeader).orElse(null)));
 * }</pre>
 */
public final class DownloadRequest {
  private final String bucket;
  private final String key;
  private final ByteRange range;
  private final String ifNoneMatch;

  private DownloadRequest(Builder b) {
    this.bucket = b.bucket;
    this.key = b.key;
    this.range = b.range;
    this.ifNoneMatch = b.ifNoneMatch;
  }

  /** A new builder: whole object, unconditional. */
  public static Builder builder() {
    return new Builder();
  }

  /** Shorthand for {@code builder()}, {@code customizer}, {@code build()}. */
  public static DownloadRequest of(Consumer<Builder> customizer) {
    Builder b = builder();
    customizer.accept(b);
    return b.build();
  }

  /** The bucket. */
  public String bucket() {
    return bucket;
  }

  /** The object key. */
  public String key() {
    return key;
  }

  /** The byte range, empty for the whole object. */
  public Optional<ByteRange> range() {
    return Optional.ofNullable(range);
  }

  /** The {@code If-None-Match} value (one or more ETags, or {@code *}), empty for none. */
  public Optional<String> ifNoneMatch() {
    return Optional.ofNullable(ifNoneMatch);
  }

  @Override
  public String toString() {
    return "DownloadRequest{" + bucket + "/" + key + ", range=" + range + ", ifNoneMatch=" + ifNoneMatch + '}';
  }

  /** Builds a {@link DownloadRequest}. */
  public static final class Builder {
    private String bucket;
    private String key;
    private ByteRange range;
    private String ifNoneMatch;

    private Builder() {}

    /** Required. */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /** Required: 1 to 1024 bytes of UTF-8. */
    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /** {@code null} for the whole object. */
    public Builder range(ByteRange range) {
      this.range = range;
      return this;
    }

    /** The HTTP {@code If-None-Match} header as received; {@code null} or blank for none. */
    public Builder ifNoneMatch(String value) {
      this.ifNoneMatch = value == null || value.isBlank() ? null : value.trim();
      return this;
    }

    /** Validates and builds. */
    public DownloadRequest build() {
      ValidationException.Collector errors = new ValidationException.Collector();
      Names.checkBucket(errors, bucket);
      Names.checkKeyLike(errors, "key", key, false);
      errors.check(ifNoneMatch != null && (ifNoneMatch.length() > 1024 || !ifNoneMatch.matches("[\\x20-\\x7e]+")),
          "ifNoneMatch", "The ETag to compare must be printable ASCII of at most 1024 characters.");
      errors.throwIfAny();
      return new DownloadRequest(this);
    }
  }
}
