package io.s3panel.server.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.s3panel.core.ValidationException;
import io.s3panel.server.auth.AuthException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Small checks every controller shares. Query parameters an endpoint does not know are ignored, as the
 * original Django API ignored them (a cache-busting {@code ?_=123} must not fail a call).
 */
final class Requests {
  private Requests() {}

  /** The caller's user id, as the core's owner string. */
  static String owner(Authentication authentication) {
    return authentication.getName();
  }

  /** The caller's numeric user id, read from the {@code user_id} claim only (SECURITY.md item 30). */
  static long userId(Authentication authentication) {
    if (authentication.getAttributes().get("user_id") instanceof Number id) {
      return id.longValue();
    }
    throw AuthException.tokenNotValid();
  }

  /**
   * The TCP peer's address, for per-address limits. {@code X-Forwarded-For} and similar headers are not
   * trusted: any client can write them.
   */
  static InetAddress clientAddress(HttpRequest<?> request) {
    InetSocketAddress remote = request.getRemoteAddress();
    InetAddress address = remote == null ? null : remote.getAddress();
    return address != null ? address : InetAddress.getLoopbackAddress();
  }

  /** Parses an optional integer query parameter within bounds. */
  static Integer intParam(String name, String value, int min, int max) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      int v = Integer.parseInt(value);
      if (v < min || v > max) {
        throw new ValidationException(name, name + " must be between " + min + " and " + max + ".");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ValidationException(name, name + " must be a whole number between " + min + " and " + max + ".");
    }
  }

  /** Parses an optional boolean query parameter. */
  static Boolean boolParam(String name, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new ValidationException(name, name + " must be true or false.");
    };
  }
}
