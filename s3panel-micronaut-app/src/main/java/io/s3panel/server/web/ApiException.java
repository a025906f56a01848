package io.s3panel.server.web;

import io.micronaut.http.HttpStatus;
import java.time.Duration;

/** An error the server itself decides on (wrong password, refused token, throttling), with its status. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final String code;
  private final Duration retryAfter;

  private ApiException(HttpStatus status, String code, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  /** 401 {@code invalid_credentials}: the same answer for a wrong password and an unknown user. */
  public static ApiException invalidCredentials() {
    return new ApiException(HttpStatus.UNAUTHORIZED, "invalid_credentials",
        "No active account found with the given credentials.", null);
  }

  /** 401 {@code token_not_valid}. */
  public static ApiException tokenNotValid() {
    return new ApiException(HttpStatus.UNAUTHORIZED, "token_not_valid", "Token is invalid or expired.", null);
  }

  /** 429 {@code rate_limited} with a {@code Retry-After}. */
  public static ApiException rateLimited(Duration retryAfter) {
    return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
        "Too many failed logins for this account. Try again in " + Math.max(1, retryAfter.toSeconds()) + " seconds.",
        retryAfter);
  }

  /** 429 {@code rate_limited} with a {@code Retry-After}: one client address sent too many of {@code what}. */
  public static ApiException tooManyFromAddress(String what, Duration retryAfter) {
    return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
        "Too many " + what + " from this address. Try again in " + Math.max(1, retryAfter.toSeconds()) + " seconds.",
        retryAfter);
  }

  /** 413 {@code payload_too_large}: an upload beyond the configured maximum. */
  public static ApiException payloadTooLarge(long maxBytes) {
    return new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
        "The upload is larger than this server accepts (" + maxBytes + " bytes at most).", null);
  }

  /** The HTTP status. */
  public HttpStatus status() {
    return status;
  }

  /** The machine code. */
  public String code() {
    return code;
  }

  /** How long to wait, for 429; {@code null} otherwise. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
