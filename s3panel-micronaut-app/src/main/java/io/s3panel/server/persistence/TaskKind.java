package io.s3panel.server.persistence;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of background task; the database and the API use the lower-case {@link #wire()} names. */
public enum TaskKind {
  /** A storage statistics scan of one credential set. */
  STATISTICS,
  /** A batch object operation (delete, copy, move over many keys). */
  BATCH,
  /** An exposure report over one or all of a user's credential sets. */
  EXPOSURE;

  /** The name in the database and the API ({@code statistics}, …). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind with that wire name, if any. */
  public static Optional<TaskKind> fromWire(String wire) {
    return Arrays.stream(values()).filter(k -> k.wire().equals(wire)).findFirst();
  }
}
