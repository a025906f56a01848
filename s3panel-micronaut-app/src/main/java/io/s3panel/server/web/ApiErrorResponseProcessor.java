package io.s3panel.server.web;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.net.URISyntaxException;

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
    String message = status == 400 ? badRequestMessage(context) : ApiErrors.messageFor(status);
    return response.contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(ErrorBody.of(ApiErrors.codeFor(status), message));
  }

  /**
   * What to fix in a request the framework refused: the address when it is not a valid URI (a raw {@code [}
   * or {@code ]} in a path, for instance), the body when one was sent, the parameters otherwise.
   */
  static String badRequestMessage(ErrorContext context) {
    for (Throwable t = context.getRootCause().orElse(null); t != null; t = t.getCause()) {
      if (t instanceof URISyntaxException) {
        return MALFORMED_ADDRESS;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    HttpRequest<?> request = context.getRequest();
    boolean hasBody = request.getContentLength() > 0 || request.getHeaders().contains(HttpHeaders.TRANSFER_ENCODING);
    return hasBody
        ? "The request is not valid: check that the body is well-formed JSON with the documented fields and that"
            + " every parameter has the right type."
        : "The request is not valid: check that every query parameter has the right type.";
  }

  /** The answer to an address that is not a valid URI. */
  static final String MALFORMED_ADDRESS = "The address is not valid: characters such as [ ] { } | and spaces must be"
      + " percent-encoded in a path or query (for example %5B for [ and %5D for ]).";
}
