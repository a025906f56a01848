package io.s3panel.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * The error body of every 4xx and 5xx answer: a sentence saying what to do, a stable machine code, and
 * on validation errors the offending fields.
 *
 * @param error human-readable sentence
 * @param code stable machine code, e.g. {@code validation_failed}
 * @param fields field name to messages; only on validation errors
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String code, @Nullable Map<String, List<String>> fields) {
  /** A body without fields. */
  public static ErrorBody of(String code, String error) {
    return new ErrorBody(error, code, null);
  }
}
