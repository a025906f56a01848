package io.s3panel.core.objects;

import io.s3panel.core.ValidationException;
import io.s3panel.core.navigate.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A batch: an action over named keys and everything under named prefixes of one bucket, and for copy and
 * move a destination (another credential set's {@link ObjectOperations} or this one's, a bucket, a prefix).
 * Immutable; the builder validates, naming its own fields ({@code action}, {@code keys},
 * {@code prefixes}, {@code destinationBucket}, {@code destinationPrefix}) in a {@link ValidationException}.
 *
 * <p>Where things land: an object found under a named prefix keeps its path below that prefix, which the
 * destination prefix replaces ({@code a/b/c/d.txt} under {@code a/b/} with destination prefix {@code x/}
 * lands at {@code x/c/d.txt}); a named key lands at the destination prefix plus its last segment
 * ({@code a/b/c.txt} to {@code x/c.txt}; a folder marker {@code a/b/} to {@code x/b/}). See
 * {@link #destinationKeyOf(String, String)}.
 *
 * <pre>{@code
 * BatchRequest rename = BatchRequest.of(b -> b.action(BatchAction.MOVE).bucket("docs").prefixes(List.of("a/b/"))
 *     .destination(null, "docs", "a/z/"));
 * }</pre>
 */
public final class BatchRequest {
  /** Most keys named in one batch. */
  public static final int MAX_KEYS = 10_000;
  /** Most prefixes named in one batch. */
  public static final int MAX_PREFIXES = 100;

  private final BatchAction action;
  private final String bucket;
  private final List<String> keys;
  private final List<String> prefixes;
  private final ObjectOperations destinationAccount;
  private final String destinationBucket;
  private final String destinationPrefix;

  private BatchRequest(Builder b) {
    this.action = b.action;
    this.bucket = b.bucket;
    this.keys = List.copyOf(b.keys);
    this.prefixes = List.copyOf(b.prefixes);
    this.destinationAccount = b.destinationAccount;
    this.destinationBucket = b.destinationBucket == null ? b.bucket : b.destinationBucket;
    this.destinationPrefix = b.destinationPrefix;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Shorthand for {@code builder()}, {@code customizer}, {@code build()}. */
  public static BatchRequest of(Consumer<Builder> customizer) {
    Builder b = builder();
    customizer.accept(b);
    return b.build();
  }

  /** The action. */
  public BatchAction action() {
    return action;
  }

  /** The source bucket. */
  public String bucket() {
    return bucket;
  }

  /** Keys named one by one, in order, without duplicates. */
  public List<String> keys() {
    return keys;
  }

  /** Prefixes whose every object is included, each ending with {@code /}. */
  public List<String> prefixes() {
    return prefixes;
  }

  /** The destination's operations when it is another credential set; empty for the batch's own set. */
  public Optional<ObjectOperations> destinationAccount() {
    return Optional.ofNullable(destinationAccount);
  }

  /** The destination bucket (default the source bucket). */
  public String destinationBucket() {
    return destinationBucket;
  }

  /** The destination prefix, {@code ""} or ending with {@code /}. */
  public String destinationPrefix() {
    return destinationPrefix;
  }

  /**
   * Where {@code key} lands: below {@code namedPrefix} with that part replaced by the destination prefix,
   * or for a named key ({@code namedPrefix} {@code null}) the destination prefix plus the key's last segment
   * (a trailing {@code /} kept). May be {@code ""} when a named prefix's own marker goes to an empty
   * destination prefix: there is nothing to write.
   */
  public String destinationKeyOf(String key, String namedPrefix) {
    if (namedPrefix != null) {
      return destinationPrefix + key.substring(namedPrefix.length());
    }
    int end = key.endsWith("/") ? key.length() - 1 : key.length();
    int slash = key.lastIndexOf('/', end - 1);
    return destinationPrefix + key.substring(slash + 1);
  }

  @Override
  public String toString() {
    return "BatchRequest{" + action + " " + bucket + ", keys=" + keys.size() + ", prefixes=" + prefixes
        + (action == BatchAction.DELETE ? "" : ", destination=" + (destinationAccount == null ? "same set" : "other set")
        + " " + destinationBucket + "/" + destinationPrefix) + '}';
  }

  /** Builds a {@link BatchRequest}. */
  public static final class Builder {
    private BatchAction action;
    private String bucket;
    private final List<String> keys = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();
    private ObjectOperations destinationAccount;
    private String destinationBucket;
    private String destinationPrefix = "";

    private Builder() {}

    /** Required. */
    public Builder action(BatchAction action) {
      this.action = action;
      return this;
    }

    /** Required: the source bucket. */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /** Keys to include (at most 10,000; duplicates dropped). {@code null} means none. */
    public Builder keys(List<String> keys) {
      this.keys.clear();
      if (keys != null) {
        keys.stream().distinct().forEach(this.keys::add);
      }
      return this;
    }

    /** Prefixes to include (at most 100, each ending with {@code /}; duplicates dropped). {@code null} means none. */
    public Builder prefixes(List<String> prefixes) {
      this.prefixes.clear();
      if (prefixes != null) {
        prefixes.stream().distinct().forEach(this.prefixes::add);
      }
      return this;
    }

    /**
     * For copy and move: the destination. {@code account} is another credential set's operations, or
     * {@code null} for this set; {@code bucket} {@code null} or empty means the source bucket;
     * {@code prefix} {@code null} means {@code ""}.
     */
    public Builder destination(ObjectOperations account, String bucket, String prefix) {
      this.destinationAccount = account;
      this.destinationBucket = bucket == null || bucket.isEmpty() ? null : bucket;
      this.destinationPrefix = prefix == null ? "" : prefix;
      return this;
    }

    /** Validates and builds. */
    public BatchRequest build() {
      ValidationException.Collector errors = new ValidationException.Collector();
      errors.check(action == null, "action", "The action must be delete, copy or move.");
      Names.checkBucket(errors, bucket);
      errors.check(keys.isEmpty() && prefixes.isEmpty(), "keys", "Name at least one key or prefix.");
      errors.check(keys.size() > MAX_KEYS, "keys", "At most 10000 keys a request.");
      errors.check(prefixes.size() > MAX_PREFIXES, "prefixes", "At most 100 prefixes a request.");
      if (keys.size() <= MAX_KEYS) {
        for (int i = 0; i < keys.size(); i++) {
          ValidationException.Collector one = new ValidationException.Collector();
          Names.checkKeyLike(one, "keys", keys.get(i), false);
          if (!one.isEmpty()) {
            errors.add("keys", "keys[" + i + "] is not a valid key: 1 to 1024 bytes of UTF-8 without control characters.");
            break;
          }
        }
      }
      if (prefixes.size() <= MAX_PREFIXES) {
        for (int i = 0; i < prefixes.size(); i++) {
          ValidationException.Collector one = new ValidationException.Collector();
          Names.checkKeyLike(one, "prefixes", prefixes.get(i), false);
          if (!one.isEmpty() || !prefixes.get(i).endsWith("/")) {
            errors.add("prefixes", "prefixes[" + i + "] must be a folder prefix ending with '/'.");
            break;
          }
        }
      }
      if (action != null && action != BatchAction.DELETE) {
        if (destinationBucket != null) {
          ValidationException.Collector d = new ValidationException.Collector();
          Names.checkBucket(d, destinationBucket);
          errors.check(!d.isEmpty(), "destinationBucket", "The destination bucket name is not valid.");
        }
        Names.checkKeyLike(errors, "destinationPrefix", destinationPrefix, true);
        errors.check(!destinationPrefix.isEmpty() && !destinationPrefix.endsWith("/"), "destinationPrefix",
            "The destination prefix must be empty or end with '/'.");
      }
      errors.throwIfAny();
      return new BatchRequest(this);
    }
  }
}
