package io.s3panel.core.exposure;

import java.util.Objects;

/**
 * The outcome of one sub-check of an exposure report: a value, or {@code null} and a sentence saying why
 * it could not be read (the endpoint does not implement the call, the key may not ask, nothing is
 * configured). Exactly one of the two is non-null.
 *
 * @param value what was read, or {@code null}
 * @param unavailableReason why there is no value, or {@code null} when there is one
 * @param <T> the value's type
 */
public record Check<T>(T value, String unavailableReason) {
  /** Exactly one of value and reason is non-null. */
  public Check {
    if ((value == null) == (unavailableReason == null)) {
      throw new IllegalArgumentException("exactly one of value and unavailableReason must be set");
    }
  }

  /** A value that was read. */
  public static <T> Check<T> of(T value) {
    return new Check<>(Objects.requireNonNull(value, "value"), null);
  }

  /** No value, and why. */
  public static <T> Check<T> unavailable(String reason) {
    return new Check<>(null, Objects.requireNonNull(reason, "reason"));
  }

  /** True when a value was read. */
  public boolean available() {
    return value != null;
  }
}
