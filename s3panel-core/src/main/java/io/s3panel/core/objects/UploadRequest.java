package io.s3panel.core.objects;

import io.s3panel.core.ValidationException;
import io.s3panel.core.navigate.Names;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where to upload and how: bucket, key, optional content type and user metadata, and whether an existing
 * object must be left alone ({@code If-None-Match: *}). Immutable; the builder validates, naming
 * its own fields ({@code bucket}, {@code key}, {@code contentType}, {@code metadata}, {@code ifNoneMatch})
 * in a {@link ValidationException}.
 *
 * <pre>{@code
 * UploadRequest r = UploadRequest.of(b -> b.bucket("photos").key("2024/beach.jpg").contentType("image/jpeg").failIfExists(true));
 * }</pre>
 */
public final class UploadRequest {
  /** S3's limit on the total size of user metadata (names and values, UTF-8). */
  public static final int MAX_METADATA_BYTES = 2048;

  private final String bucket;
  private final String key;
  private final String contentType;
  private final Map<String, String> metadata;
  private final boolean failIfExists;

  private UploadRequest(Builder b) {
    this.bucket = b.bucket;
    this.key = b.key;
    this.contentType = b.contentType;
    this.metadata = Map.copyOf(b.metadata);
    this.failIfExists = b.failIfExists;
  }

  /** A new builder: no content type, no metadata, overwrite allowed. */
  public static Builder builder() {
    return new Builder();
  }

  /** Shorthand for {@code builder()}, {@code customizer}, {@code build()}. */
  public static UploadRequest of(Consumer<Builder> customizer) {
    Builder b = builder();
    customizer.accept(b);
    return b.build();
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    return builder().bucket(bucket).key(key).contentType(contentType).metadata(metadata).failIfExists(failIfExists);
  }

  /** The bucket. */
  public String bucket() {
    return bucket;
  }

  /** The object key. */
  public String key() {
    return key;
  }

  /** The object's content type; empty stores {@code application/octet-stream}. */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /** User metadata ({@code x-amz-meta-*}), names in lower case. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** True when an existing object under the key must not be replaced ({@code If-None-Match: *}). */
  public boolean failIfExists() {
    return failIfExists;
  }

  @Override
  public String toString() {
    return "UploadRequest{" + bucket + "/" + key + ", contentType=" + contentType + ", metadata=" + metadata.keySet()
        + ", failIfExists=" + failIfExists + '}';
  }

  /** Builds an {@link UploadRequest}. */
  public static final class Builder {
    private String bucket;
    private String key;
    private String contentType;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private boolean failIfExists;
    private boolean badIfNoneMatch;

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

    /** A media type such as {@code text/plain}; {@code null} or empty for none. */
    public Builder contentType(String contentType) {
      this.contentType = contentType == null || contentType.isEmpty() ? null : contentType;
      return this;
    }

    /** Replaces the user metadata; names are lower-cased (S3 does the same). {@code null} clears it. */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata.clear();
      if (metadata != null) {
        metadata.forEach((k, v) -> this.metadata.put(k == null ? null : k.toLowerCase(java.util.Locale.ROOT), v));
      }
      return this;
    }

    /** Default false: an existing object is replaced. */
    public Builder failIfExists(boolean value) {
      this.failIfExists = value;
      this.badIfNoneMatch = false;
      return this;
    }

    /**
     * From an HTTP {@code If-None-Match} request header: {@code *} sets {@link #failIfExists(boolean)},
     * {@code null} clears it, anything else fails {@link #build()} on {@code If-None-Match}.
     */
    public Builder ifNoneMatch(String header) {
      this.failIfExists = header != null && header.trim().equals("*");
      this.badIfNoneMatch = header != null && !failIfExists;
      return this;
    }

    /** Validates and builds. */
    public UploadRequest build() {
      ValidationException.Collector errors = new ValidationException.Collector();
      Names.checkBucket(errors, bucket);
      Names.checkKeyLike(errors, "key", key, false);
      checkContentType(errors, contentType);
      int bytes = 0;
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        String name = e.getKey();
        if (name == null || name.isEmpty() || !name.matches("[a-z0-9!#$%&'*+.^_`|~-]+")) {
          errors.add("metadata", "Metadata names must be non-empty HTTP tokens (letters, digits, '-', '_', '.').");
          break;
        }
        String value = e.getValue();
        if (value == null || !value.matches("[\\x20-\\x7e]*")) {
          errors.add("metadata", "Metadata values must be printable ASCII.");
          break;
        }
        bytes += name.getBytes(StandardCharsets.UTF_8).length + value.length();
      }
      errors.check(bytes > MAX_METADATA_BYTES, "metadata", "User metadata must be at most 2 KB in all.");
      errors.check(badIfNoneMatch, "ifNoneMatch", "Only 'If-None-Match: *' is supported on an upload.");
      errors.throwIfAny();
      return new UploadRequest(this);
    }
  }

  static void checkContentType(ValidationException.Collector errors, String contentType) {
    if (contentType != null) {
      errors.check(contentType.length() > 255 || !contentType.matches("[\\x21-\\x7e]+/[\\x20-\\x7e]+"),
          "contentType", "The content type must be a media type such as text/plain.");
    }
  }
}
