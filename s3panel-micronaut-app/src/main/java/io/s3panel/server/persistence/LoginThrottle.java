package io.s3panel.server.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.Objects;

/**
 * Failed-login bookkeeping for one account, one row of {@code login_throttle}.
 *
 * @param usernameLower the account's lower-cased username (also for names that are not registered)
 * @param failures failures counted since {@code windowStartedAt}
 * @param windowStartedAt when the current counting window began
 * @param blockedUntil logins are refused until this instant, or {@code null} when not blocked
 */
@MappedEntity("login_throttle")
public record LoginThrottle(
    @Id String usernameLower,
    int failures,
    Instant windowStartedAt,
    @Nullable Instant blockedUntil) {

  /** Checks required fields. */
  public LoginThrottle {
    Objects.requireNonNull(usernameLower, "usernameLower");
    Objects.requireNonNull(windowStartedAt, "windowStartedAt");
  }

  /** True when logins are refused at {@code now}. */
  public boolean isBlocked(Instant now) {
    return blockedUntil != null && now.isBefore(blockedUntil);
  }
}
