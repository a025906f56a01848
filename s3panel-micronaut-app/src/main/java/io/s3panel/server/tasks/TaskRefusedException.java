package io.s3panel.server.tasks;

import java.time.Duration;

/** A task was not accepted: the user's cap (429) or the server's queue (503) is full. */
public final class TaskRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean userLimit;
  private final Duration retryAfter;

  TaskRefusedException(boolean userLimit, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.userLimit = userLimit;
    this.retryAfter = retryAfter;
  }

  /** True when the caller's own cap is reached (429); false when the server's queue is full (503). */
  public boolean userLimit() {
    return userLimit;
  }

  /** When to try again. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
