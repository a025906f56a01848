package io.s3panel.server.web;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The error body of every 4xx and 5xx answer: a sentence saying what to do, a stable machine code, and
 * on validation errors the offending fields.
 *
 * <p>For the original web client, written against Django REST framework, the sentence is also sent as
 * {@code detail}, and each field's messages are also sent at the top level, as DRF did:
 * {@code {"error","code","detail","fields":{"password":[…]},"password":[…]}}. A field whose name is one of
 * the body's own keys ({@code error}, {@code code}, {@code detail}, {@code fields}) is only listed under
 * {@code fields}: a field can never overwrite or duplicate them.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"error", "code", "detail", "fields"})
public final class ErrorBody {
  /** The body's own keys; field errors with these names stay under {@code fields} only. */
  static final Set<String> OWN_KEYS = Set.of("error", "code", "detail", "fields");

  private final String error;
  private final String code;
  private final Map<String, List<String>> fields;

  /**
   * An error body.
   *
   * @param error human-readable sentence
   * @param code stable machine code, e.g. {@code validation_failed}
   * @param fields field name to messages; only on validation errors, {@code null} otherwise
   */
  public ErrorBody(String error, String code, @Nullable Map<String, List<String>> fields) {
    this.error = Objects.requireNonNull(error, "error");
    this.code = Objects.requireNonNull(code, "code");
    this.fields = fields == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** A body without fields. */
  public static ErrorBody of(String code, String error) {
    return new ErrorBody(error, code, null);
  }

  /** The human-readable sentence. */
  public String getError() {
    return error;
  }

  /** The stable machine code. */
  public String getCode() {
    return code;
  }

  /** The same sentence as {@link #getError()}, under DRF's name. */
  public String getDetail() {
    return error;
  }

  /** Field name to messages, or {@code null} when the error is not about fields. */
  @Nullable
  public Map<String, List<String>> getFields() {
    return fields;
  }

  /** Each field's messages again at the top level (DRF's shape), except fields named like the body's own keys. */
  @JsonAnyGetter
  public Map<String, List<String>> getFieldsAtTopLevel() {
    Map<String, List<String>> top = new LinkedHashMap<>();
    if (fields != null) {
      fields.entrySet().stream()
          .filter(e -> !OWN_KEYS.contains(e.getKey()))
          .forEach(e -> top.put(e.getKey(), e.getValue()));
    }
    return top;
  }

  /** Code and sentence; the sentence never holds a secret. */
  @Override
  public String toString() {
    return "ErrorBody{code=" + code + ", error=" + error + (fields == null ? "" : ", fields=" + fields.keySet()) + '}';
  }
}
