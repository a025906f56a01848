package io.s3panel.core.objects;

import java.util.Locale;
import java.util.Optional;

/** What a batch does to each object. */
public enum BatchAction {
  /** Delete (DeleteObjects, 1,000 keys a call). */
  DELETE,
  /** Copy to the destination; the source stays. */
  COPY,
  /** Copy to the destination, then delete each source once its copy succeeded. */
  MOVE;

  /** The action named {@code delete}, {@code copy} or {@code move} (any case); empty for anything else. */
  public static Optional<BatchAction> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (BatchAction a : values()) {
      if (a.name().equals(name.toUpperCase(Locale.ROOT))) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The stable lower-case code, as {@link #parse} reads it: {@code delete}, {@code copy}, {@code move}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
