package io.s3panel.server.web;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Gives Micronaut's own error answers (unknown route, wrong method, malformed JSON, missing body,
 * oversized body, refused token …) the API's error body instead of the framework's. Never a stack trace,
 * never the framework's internal message.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class ApiErrorResponseProcessor implements ErrorResponseProcessor<ErrorBody> {

  @Override
  @NonNull
  @SuppressWarnings("unchecked")
  public MutableHttpResponse<ErrorBody> processResponse(@NonNull ErrorContext context,
      @NonNull MutableHttpResponse<?> response) {
    if (context.getRequest().getMethod() == HttpMethod.HEAD) {
      return (MutableHttpResponse<ErrorBody>) response;
    }
    int status = response.code();
    String message = ApiErrors.messageFor(status);
    if (status == 400) {
      message = "The request is not valid: check that the body is well-formed JSON with the documented fields and"
          + " that every parameter has the right type.";
    }
    return response.contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(ErrorBody.of(ApiErrors.codeFor(status), message));
  }
}
