package io.s3panel.core.presign;

import io.s3panel.core.ValidationException;
import io.s3panel.core.navigate.Names;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What to presign: a GET (download) or a PUT (upload, optionally with a content type the uploader must
 * send) of one object, valid for 1 second to 7 days. Immutable; the builder validates, naming its own
 * fields ({@code bucket}, {@code key}, {@code expiresIn}, {@code method}, {@code contentType}) in a
 * {@link ValidationException}.
 *
 * <pre>{@code
 * PresignRequest r = PresignRequest.of(b -> b.bucket("docs").key("a.pdf").expiresIn(Duration.ofMinutes(10)));
 * }</pre>
 */
public final class PresignRequest {
  /** Shortest allowed validity. */
  public static final Duration MIN_EXPIRY = Duration.ofSeconds(1);
  /** Longest allowed validity (SigV4's limit). */
  public static final Duration MAX_EXPIRY = Duration.ofDays(7);
  /** Default validity: one hour. */
  public static final Duration DEFAULT_EXPIRY = Duration.ofHours(1);

  /** The HTTP method the URL is for. */
  public enum Method {
    /** Download. */
    GET,
    /** Upload. */
    PUT
  }

  private final String bucket;
  private final String key;
  private final Method method;
  private final Duration expiresIn;
  private final String contentType;

  private PresignRequest(Builder b) {
    this.bucket = b.bucket;
    this.key = b.key;
    this.method = b.method;
    this.expiresIn = b.expiresIn;
    this.contentType = b.contentType;
  }

  /** A builder: GET, one hour. */
  public static Builder builder() {
    return new Builder();
  }

  /** Shorthand for {@code builder()}, {@code customizer}, {@code build()}. */
  public static PresignRequest of(Consumer<Builder> customizer) {
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

  /** GET or PUT. */
  public Method method() {
    return method;
  }

  /** How long the URL stays valid. */
  public Duration expiresIn() {
    return expiresIn;
  }

  /** For PUT: the content type the upload must carry, if fixed. */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  @Override
  public String toString() {
    return "PresignRequest{" + method + " " + bucket + "/" + key + ", expiresIn=" + expiresIn + '}';
  }

  /** Builds a {@link PresignRequest}. */
  public static final class Builder {
    private String bucket;
    private String key;
    private Method method = Method.GET;
    private Duration expiresIn = DEFAULT_EXPIRY;
    private String contentType;

    private Builder() {}

    /** Required. */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /** Required. */
    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /** Default GET. */
    public Builder method(Method method) {
      this.method = method;
      return this;
    }

    /** {@code GET} or {@code PUT}, any case; anything else fails {@link #build()} on {@code method}. */
    public Builder method(String method) {
      try {
        this.method = method == null ? Method.GET : Method.valueOf(method.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        this.method = null;
      }
      return this;
    }

    /** 1 second to 7 days; default 1 hour. */
    public Builder expiresIn(Duration expiresIn) {
      this.expiresIn = expiresIn;
      return this;
    }

    /** For PUT only; {@code null} for none. */
    public Builder contentType(String contentType) {
      this.contentType = contentType == null || contentType.isEmpty() ? null : contentType;
      return this;
    }

    /** Validates and builds. */
    public PresignRequest build() {
      ValidationException.Collector errors = new ValidationException.Collector();
      Names.checkBucket(errors, bucket);
      Names.checkKeyLike(errors, "key", key, false);
      errors.check(method == null, "method", "The method must be GET or PUT.");
      errors.check(expiresIn == null || expiresIn.compareTo(MIN_EXPIRY) < 0 || expiresIn.compareTo(MAX_EXPIRY) > 0,
          "expiresIn", "The validity must be between 1 and 604800 seconds.");
      if (contentType != null) {
        errors.check(method != Method.PUT, "contentType", "A content type applies to PUT only.");
        errors.check(contentType.length() > 255 || !contentType.matches("[\\x21-\\x7e]+/[\\x20-\\x7e]+"),
            "contentType", "The content type must be a media type such as text/plain.");
      }
      errors.throwIfAny();
      return new PresignRequest(this);
    }
  }
}
