package io.s3panel.server.persistence;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a task is in its life; the database and the API use the lower-case {@link #wire()} names. */
public enum TaskStatus {
  /** Accepted, waiting for a worker. */
  QUEUED,
  /** Claimed by a server instance and being worked on. */
  RUNNING,
  /** Finished with a result. */
  COMPLETED,
  /** Ended without a result; the message says why. */
  FAILED,
  /** Stopped at its owner's request; the result says what it had done. */
  CANCELLED;

  /** The name in the database and the API ({@code running}, …). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for a status that never changes again. */
  public boolean finished() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /** The status with that wire name, if any. */
  public static Optional<TaskStatus> fromWire(String wire) {
    return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst();
  }
}
