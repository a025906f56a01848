package io.s3panel.server.web;

import io.micronaut.http.HttpStatus;
import io.s3panel.core.ErrorCode;

/**
 * Every error the API answers with, and its HTTP status: the one table (docs/API.md, "Errors"). A handler
 * picks the constant for what went wrong and the status follows from it, never from the request's address.
 *
 * <p>Two pairs of constants share a code because the API documents one code with two statuses:
 * {@link #KEYS_REJECTED} and {@link #AWS_INVALID_CREDENTIALS} ({@code aws_invalid_credentials}: 400 for keys
 * the caller has just sent, 502 for stored keys S3 no longer accepts), and {@link #RANGE_NOT_SATISFIABLE}
 * and {@link #VALIDATION_FAILED} ({@code validation_failed}: 416 for a byte range outside the object).
 */
enum ApiError {
  VALIDATION_FAILED("validation_failed", HttpStatus.BAD_REQUEST),
  /** S3 refused keys the caller sent in this very request (adding or changing a set). */
  KEYS_REJECTED("aws_invalid_credentials", HttpStatus.BAD_REQUEST),
  INVALID_CREDENTIALS("invalid_credentials", HttpStatus.UNAUTHORIZED),
  TOKEN_NOT_VALID("token_not_valid", HttpStatus.UNAUTHORIZED),
  CSRF_FAILED("csrf_failed", HttpStatus.FORBIDDEN),
  ENDPOINT_NOT_ALLOWED("endpoint_not_allowed", HttpStatus.FORBIDDEN),
  AWS_ACCESS_DENIED("aws_access_denied", HttpStatus.FORBIDDEN),
  NOT_FOUND("not_found", HttpStatus.NOT_FOUND),
  AWS_NO_SUCH_BUCKET("aws_no_such_bucket", HttpStatus.NOT_FOUND),
  AWS_NO_SUCH_KEY("aws_no_such_key", HttpStatus.NOT_FOUND),
  CONFLICT("conflict", HttpStatus.CONFLICT),
  CREDENTIAL_UNREADABLE("credential_unreadable", HttpStatus.CONFLICT),
  PAYLOAD_TOO_LARGE("payload_too_large", HttpStatus.REQUEST_ENTITY_TOO_LARGE),
  /** A byte range outside the object. */
  RANGE_NOT_SATISFIABLE("validation_failed", HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE),
  RATE_LIMITED("rate_limited", HttpStatus.TOO_MANY_REQUESTS),
  /** A request line (method, address, version) longer than the decoder's limit. */
  URI_TOO_LONG("uri_too_long", HttpStatus.REQUEST_URI_TOO_LONG),
  REQUEST_HEADER_FIELDS_TOO_LARGE("request_header_fields_too_large", HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),
  /** Stored keys S3 rejects now, or an endpoint that does not answer as S3 does. */
  AWS_INVALID_CREDENTIALS("aws_invalid_credentials", HttpStatus.BAD_GATEWAY),
  AWS_UNREACHABLE("aws_unreachable", HttpStatus.BAD_GATEWAY),
  AWS_TIMEOUT("aws_timeout", HttpStatus.GATEWAY_TIMEOUT),
  /** The database does not answer, or the server's task queue is full. */
  UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE),
  /** The core's {@code cancelled}: the server stopped the work (shutting down); the client may retry. */
  CANCELLED("cancelled", HttpStatus.SERVICE_UNAVAILABLE),
  INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR);

  private final String code;
  private final HttpStatus status;

  ApiError(String code, HttpStatus status) {
    this.code = code;
    this.status = status;
  }

  /** The stable code sent in the error body. */
  String code() {
    return code;
  }

  /** The HTTP status this error is answered with. */
  HttpStatus status() {
    return status;
  }

  /** The API error for a core failure; every {@link ErrorCode} has exactly one. */
  static ApiError of(ErrorCode code) {
    return switch (code) {
      case VALIDATION_FAILED -> VALIDATION_FAILED;
      case NOT_FOUND -> NOT_FOUND;
      case CONFLICT -> CONFLICT;
      case CREDENTIAL_UNREADABLE -> CREDENTIAL_UNREADABLE;
      case AWS_ACCESS_DENIED -> AWS_ACCESS_DENIED;
      case AWS_NO_SUCH_BUCKET -> AWS_NO_SUCH_BUCKET;
      case AWS_NO_SUCH_KEY -> AWS_NO_SUCH_KEY;
      case AWS_INVALID_CREDENTIALS -> AWS_INVALID_CREDENTIALS;
      case AWS_UNREACHABLE -> AWS_UNREACHABLE;
      case AWS_TIMEOUT -> AWS_TIMEOUT;
      case ENDPOINT_NOT_ALLOWED -> ENDPOINT_NOT_ALLOWED;
      case CANCELLED -> CANCELLED;
      case INTERNAL -> INTERNAL;
    };
  }
}
