package io.s3panel.server.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.s3panel.core.ErrorCode;

/** Maps the core's error codes to HTTP statuses, as docs/API.md says. */
final class ApiErrors {
  private ApiErrors() {}

  /** The status for {@code code}; invalid S3 keys are the client's fault only where it just sent them. */
  static HttpStatus status(ErrorCode code, HttpRequest<?> request) {
    return switch (code) {
      case VALIDATION_FAILED -> HttpStatus.BAD_REQUEST;
      case NOT_FOUND, AWS_NO_SUCH_BUCKET, AWS_NO_SUCH_KEY -> HttpStatus.NOT_FOUND;
      case CONFLICT, CREDENTIAL_UNREADABLE -> HttpStatus.CONFLICT;
      case AWS_ACCESS_DENIED -> HttpStatus.FORBIDDEN;
      case AWS_INVALID_CREDENTIALS -> request.getPath().startsWith("/api/aws-credentials")
          ? HttpStatus.BAD_REQUEST : HttpStatus.BAD_GATEWAY;
      case AWS_UNREACHABLE -> HttpStatus.BAD_GATEWAY;
      case AWS_TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
      case ENDPOINT_NOT_ALLOWED -> HttpStatus.FORBIDDEN;
      case CANCELLED -> HttpStatus.SERVICE_UNAVAILABLE;
      case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  /** The code used for a status when nothing more specific is known. */
  static String codeFor(int status) {
    return switch (status) {
      case 400, 415 -> "validation_failed";
      case 401 -> "token_not_valid";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "conflict";
      case 413 -> "payload_too_large";
      case 429 -> "rate_limited";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal" : "bad_request";
    };
  }

  /** The sentence used for a status when nothing more specific is known. */
  static String messageFor(int status) {
    return switch (status) {
      case 400 -> "The request is not valid.";
      case 401 -> "Authentication credentials were not provided or are not valid. Log in again.";
      case 403 -> "You do not have permission to do this.";
      case 404 -> "There is nothing at this address.";
      case 405 -> "This method is not allowed here.";
      case 413 -> "The request body is too large.";
      case 415 -> "Send the body as JSON with Content-Type: application/json.";
      case 429 -> "Too many requests. Wait and try again.";
      case 503 -> "The service is temporarily unavailable. Try again shortly.";
      default -> status >= 500 ? "Something went wrong on our side. Try again later." : "The request failed.";
    };
  }
}
