package io.s3panel.server.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.s3panel.core.ValidationException;
import java.util.Set;

/** Small checks every controller shares. */
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
    throw ApiException.tokenNotValid();
  }

  /** Refuses query parameters this endpoint does not know (400 naming them). */
  static void allowOnly(HttpRequest<?> request, Set<String> allowed) {
    ValidationException.Collector errors = new ValidationException.Collector();
    int unknown = 0;
    for (String name : request.getParameters().names()) {
      if (!allowed.contains(name) && unknown++ < JsonFields.MAX_NAMED) {
        errors.add(name.length() > 64 ? name.substring(0, 64) + "…" : name, "Unknown query parameter.");
      }
    }
    if (unknown > JsonFields.MAX_NAMED) {
      errors.add(JsonFields.MORE, "And " + (unknown - JsonFields.MAX_NAMED) + " more unknown query parameters.");
    }
    errors.throwIfAny();
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
