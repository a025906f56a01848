package io.s3panel.server.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Login attempts per account in fixed windows: counted atomically before the password is checked, reset on
 * success, purged when the window is over. The policy (limit, window) comes from the caller.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface LoginThrottleRepository extends GenericRepository<LoginThrottle, String> {

  /** The account's counters, if it has any. */
  Optional<LoginThrottle> findById(String usernameLower);

  /**
   * Counts one login attempt unless the account already has {@code max} in its current window. Empty when
   * the attempt was counted (the password may be checked); otherwise the instant the window ends. One
   * conditional statement decides, so of N concurrent calls (on any number of servers sharing the
   * database) at most {@code max} per window are counted; a window older than {@code window} restarts at 1.
   */
  default Optional<Instant> countAttempt(String usernameLower, Instant now, Duration window, int max) {
    Instant windowStart = now.minus(window);
    for (int round = 0; round < 3; round++) {
      if (countIfAllowed(usernameLower, now, windowStart, max) == 1) {
        return Optional.empty();
      }
      Optional<LoginThrottle> row = findById(usernameLower);
      if (row.isEmpty()) {
        try {
          save(new LoginThrottle(usernameLower, 1, now));
          return Optional.empty();
        } catch (DataAccessException e) {
          if (!SqlErrors.isUniqueViolation(e)) {
            throw e;
          }
          continue; // another attempt inserted the row first: count ours on it
        }
      }
      LoginThrottle t = row.get();
      if (t.failures() >= max && t.windowStartedAt().isAfter(windowStart)) {
        return Optional.of(t.windowStartedAt().plus(window));
      }
      // The row changed between the two statements (reset, new window): decide again.
    }
    return Optional.of(now.plusSeconds(1));
  }

  /** Inserts a first row; used by {@link #countAttempt}. */
  LoginThrottle save(LoginThrottle throttle);

  /**
   * Increments the counter, or restarts the window at 1 when it is over, only while the limit is not reached;
   * returns 1 when counted, 0 when refused or when the account has no row.
   */
  @Query("UPDATE login_throttle SET"
      + " failures = CASE WHEN window_started_at <= :windowStart THEN 1 ELSE failures + 1 END,"
      + " window_started_at = CASE WHEN window_started_at <= :windowStart THEN :now ELSE window_started_at END"
      + " WHERE username_lower = :usernameLower AND (window_started_at <= :windowStart OR failures < :max)")
  int countIfAllowed(String usernameLower, Instant now, Instant windowStart, int max);

  /** Forgets the account's attempts (after a successful login); returns rows deleted. */
  int deleteById(String usernameLower);

  /**
   * Deletes every row whose window began at or before {@code windowStart} (it no longer limits anything);
   * one statement, safe to run from several servers at once. Returns rows deleted.
   */
  @Query("DELETE FROM login_throttle WHERE window_started_at <= :windowStart")
  int deleteWindowsStartedBy(Instant windowStart);

  /** Rows in the table; for housekeeping figures and tests. */
  @Query("SELECT COUNT(*) FROM login_throttle")
  long countRows();
}
