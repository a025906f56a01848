package io.s3panel.server.web;

import io.s3panel.core.ValidationException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The HTTP API's names for the fields the core names in a {@link ValidationException}. The core speaks its
 * own language (its builders' names: {@code region}, {@code maxKeys}); the error body speaks the wire's
 * ({@code region_name}, {@code max_keys}), which the original client reads.
 *
 * <p>{@link #COMMON} holds the names that mean one wire field in every request; the error handler applies
 * it to every validation failure. A name whose wire field depends on the request ({@code key} is
 * {@code object_key} in a presign body but {@code key} in an object's path) is mapped where that request
 * is handled, with {@link #call} or {@link JsonFields#build(Map, Supplier)}.
 */
final class WireNames {
  /** Core names with one wire name everywhere; camelCase, so they never collide with a wire name. */
  static final Map<String, String> COMMON = Map.ofEntries(
      Map.entry("accessKeyId", "aws_access_key_id"),
      Map.entry("secretAccessKey", "aws_secret_access_key"),
      Map.entry("sessionToken", "aws_session_token"),
      Map.entry("maxKeys", "max_keys"),
      Map.entry("maxResults", "max_results"),
      Map.entry("timeBudget", "time_budget"),
      Map.entry("expiresIn", "expires_in"),
      Map.entry("contentType", "content_type"),
      Map.entry("destinationKey", "destination_key"),
      Map.entry("ifNoneMatch", "If-None-Match"),
      Map.entry("sampleSize", "sample_size"),
      Map.entry("bucketConcurrency", "bucket_concurrency"),
      Map.entry("aclConcurrency", "acl_concurrency"));

  /** Adding and changing a credential set. */
  static final Map<String, String> CREDENTIALS = with("region", "region_name", "endpoint", "endpoint_url");
  /** A presign body and an object's details or permissions (the key travels as {@code object_key}). */
  static final Map<String, String> OBJECT_KEY = with("key", "object_key");
  /** A folder page's query. */
  static final Map<String, String> FOLDERS = with("marker", "next_marker");
  /** A key search's query. */
  static final Map<String, String> SEARCH = with("query", "q");
  /** A copy or move body. */
  static final Map<String, String> COPY = with("destinationBucket", "destination_bucket");
  /** A new bucket's body. */
  static final Map<String, String> NEW_BUCKET = with("bucket", "bucket_name");

  private WireNames() {}

  /** {@link #COMMON} plus {@code pairs} (core name, wire name, …), the pairs winning. */
  static Map<String, String> with(String... pairs) {
    Map<String, String> m = new HashMap<>(COMMON);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return Map.copyOf(m);
  }

  /** Runs {@code call}; a validation failure it throws names its fields as {@code names} map them. */
  static <T> T call(Map<String, String> names, Supplier<T> call) {
    try {
      return call.get();
    } catch (ValidationException e) {
      throw e.renamed(names);
    }
  }

  /** {@code e} with its fields under their {@link #COMMON} wire names. */
  static ValidationException common(ValidationException e) {
    return e.renamed(COMMON);
  }
}
