package io.s3panel.server.web;

/**
 * The code and sentence for an answer whose status the framework chose (unknown route, wrong method,
 * malformed body …). Errors the server raises itself take their status from {@link ApiError}.
 */
final class ApiErrors {
  private ApiErrors() {}

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
