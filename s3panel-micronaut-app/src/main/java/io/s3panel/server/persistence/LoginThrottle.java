package io.s3panel.server.persistence;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.Objects;

/**
 * Login attempts counted for one existing account in the current window, one row of {@code login_throttle}.
 * An attempt is counted before its password is checked; a successful login deletes the row.
 *
 * @param usernameLower the account's lower-cased username
 * @param failures attempts counted since {@code windowStartedAt} that did not (yet) succeed
 * @param windowStartedAt when the current counting window began; logins are refused while it lasts and
 *     {@code failures} has reached the limit
 */
@MappedEntity("login_throttle")
public record LoginThrottle(
    @Id String usernameLower,
    int failures,
    Instant windowStartedAt) {

  /** Checks required fields. */
  public LoginThrottle {
    Objects.requireNonNull(usernameLower, "usernameLower");
    Objects.requireNonNull(windowStartedAt, "windowStartedAt");
  }
}
