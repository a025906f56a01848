package io.s3panel.core.objects;

import io.s3panel.core.ValidationException;
import io.s3panel.core.navigate.Names;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A key search: a case-insensitive substring {@code query} of the keys under {@code prefix}, at most
 * {@code maxResults} hits, walking listing pages for at most {@code timeBudget}, resuming from an opaque
 * {@code continuation} given by an earlier {@link SearchPage}. Immutable; the builder validates, naming
 * its own fields ({@code bucket}, {@code query}, {@code prefix}, {@code maxResults}, {@code timeBudget},
 * {@code continuation}) in a {@link ValidationException}.
 *
 * <pre>{@code
 * SearchPage page = objects.search(SearchRequest.of(b -> b.bucket("photos").query("beach").prefix("2024/")));
 * while (!page.exhausted()) {
 *   String next = page.continuation();
 *   page = objects.search(SearchRequest.of(b -> b.bucket("photos").query("beach").prefix("2024/").continuation(next)));
 * }
 * }</pre>
 */
public final class SearchRequest {
  /** Default number of hits. */
  public static final int DEFAULT_MAX_RESULTS = 100;
  /** Largest number of hits in one call. */
  public static final int MAX_MAX_RESULTS = 1000;
  /** Default time spent listing in one call. */
  public static final Duration DEFAULT_TIME_BUDGET = Duration.ofSeconds(2);

  private final String bucket;
  private final String query;
  private final String prefix;
  private final int maxResults;
  private final Duration timeBudget;
  private final String continuation;

  private SearchRequest(Builder b) {
    this.bucket = b.bucket;
    this.query = b.query;
    this.prefix = b.prefix;
    this.maxResults = b.maxResults;
    this.timeBudget = b.timeBudget;
    this.continuation = b.continuation;
  }

  /** A new builder: whole bucket, 100 hits, 2 seconds, from the start. */
  public static Builder builder() {
    return new Builder();
  }

  /** Shorthand for {@code builder()}, {@code customizer}, {@code build()}. */
  public static SearchRequest of(Consumer<Builder> customizer) {
    Builder b = builder();
    customizer.accept(b);
    return b.build();
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    return builder().bucket(bucket).query(query).prefix(prefix).maxResults(maxResults).timeBudget(timeBudget)
        .continuation(continuation);
  }

  /** The bucket. */
  public String bucket() {
    return bucket;
  }

  /** The substring looked for, compared case-insensitively. */
  public String query() {
    return query;
  }

  /** Only keys under this prefix; {@code ""} for the whole bucket. */
  public String prefix() {
    return prefix;
  }

  /** Most hits returned by one call. */
  public int maxResults() {
    return maxResults;
  }

  /** Listing stops once this much time has passed (checked between pages). */
  public Duration timeBudget() {
    return timeBudget;
  }

  /** Where to resume ({@code ""} from the start). */
  public String continuation() {
    return continuation;
  }

  @Override
  public String toString() {
    return "SearchRequest{bucket=" + bucket + ", query=" + query + ", prefix=" + prefix + ", maxResults=" + maxResults
        + ", timeBudget=" + timeBudget + ", continuation=" + continuation + '}';
  }

  /** Builds a {@link SearchRequest}. */
  public static final class Builder {
    private String bucket;
    private String query;
    private String prefix = "";
    private int maxResults = DEFAULT_MAX_RESULTS;
    private Duration timeBudget = DEFAULT_TIME_BUDGET;
    private String continuation = "";

    private Builder() {}

    /** Required. */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /** Required: 1 to 1024 bytes. */
    public Builder query(String query) {
      this.query = query;
      return this;
    }

    /** {@code null} means {@code ""}. */
    public Builder prefix(String prefix) {
      this.prefix = prefix == null ? "" : prefix;
      return this;
    }

    /** 1 to 1000; default 100. */
    public Builder maxResults(int value) {
      this.maxResults = value;
      return this;
    }

    /** 1 ms to 60 s; default 2 s. */
    public Builder timeBudget(Duration value) {
      this.timeBudget = value;
      return this;
    }

    /** A {@link SearchPage#continuation()}; {@code null} or empty to start from the beginning. */
    public Builder continuation(String value) {
      this.continuation = value == null ? "" : value;
      return this;
    }

    /** Validates and builds. */
    public SearchRequest build() {
      ValidationException.Collector errors = new ValidationException.Collector();
      Names.checkBucket(errors, bucket);
      Names.checkKeyLike(errors, "query", query, false);
      Names.checkKeyLike(errors, "prefix", prefix, true);
      errors.check(maxResults < 1 || maxResults > MAX_MAX_RESULTS, "maxResults", "At most 1 to 1000 results a step.");
      errors.check(timeBudget == null || timeBudget.toMillis() < 1 || timeBudget.compareTo(Duration.ofSeconds(60)) > 0,
          "timeBudget", "The time budget must be 1 ms to 60 s.");
      errors.check(continuation.length() > 2048, "continuation",
          "The continuation is not one an earlier search page gave.");
      errors.throwIfAny();
      return new SearchRequest(this);
    }
  }
}
