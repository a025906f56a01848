package io.s3panel.server.auth;

import java.time.Duration;

/**
 * A refusal decided by the account rules: wrong password, refused token, too many attempts. The web layer
 * turns its {@link Reason} into the HTTP answer; this package knows nothing of HTTP.
 */
public final class AuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the request was refused. */
  public enum Reason {
    /** Wrong password or unknown user: the same answer for both. */
    INVALID_CREDENTIALS,
    /** The token is missing, expired, revoked, of the wrong type, or names no user. */
    TOKEN_NOT_VALID,
    /** Too many attempts for one account or from one address; {@link #retryAfter()} says how long to wait. */
    RATE_LIMITED
  }

  private final Reason reason;
  private final Duration retryAfter;

  private AuthException(Reason reason, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  /** Wrong password or unknown user: one answer for both, so the answer does not tell which. */
  public static AuthException invalidCredentials() {
    return new AuthException(Reason.INVALID_CREDENTIALS, "No active account found with the given credentials.", null);
  }

  /** The token is not valid (any reason). */
  public static AuthException tokenNotValid() {
    return new AuthException(Reason.TOKEN_NOT_VALID, "Token is invalid or expired.", null);
  }

  /** Too many failed logins for one account; retry after {@code retryAfter}. */
  public static AuthException rateLimited(Duration retryAfter) {
    return new AuthException(Reason.RATE_LIMITED,
        "Too many failed logins for this account. Try again in " + seconds(retryAfter) + " seconds.", retryAfter);
  }

  /** One client address sent too many of {@code what}; retry after {@code retryAfter}. */
  public static AuthException tooManyFromAddress(String what, Duration retryAfter) {
    return new AuthException(Reason.RATE_LIMITED,
        "Too many " + what + " from this address. Try again in " + seconds(retryAfter) + " seconds.", retryAfter);
  }

  private static long seconds(Duration d) {
    return Math.max(1, d.toSeconds());
  }

  /** Why the request was refused. */
  public Reason reason() {
    return reason;
  }

  /** How long to wait, for {@link Reason#RATE_LIMITED}; {@code null} otherwise. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
