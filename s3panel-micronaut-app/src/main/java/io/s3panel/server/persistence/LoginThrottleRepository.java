package io.s3panel.server.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Optional;

/** Failed-login counters per account: atomic increment, block, reset. The policy lives with the caller. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface LoginThrottleRepository extends GenericRepository<LoginThrottle, String> {

  /** The account's counters, if it has any. */
  Optional<LoginThrottle> findById(String usernameLower);

  /**
   * Counts one failed login and returns the counters after it. A window that began at or before
   * {@code windowStart} is over: counting restarts at 1 in a window beginning {@code now}. Atomic under
   * concurrency, also when the account has no row yet: N concurrent calls count N.
   */
  default LoginThrottle recordFailure(String usernameLower, Instant now, Instant windowStart) {
    if (incrementFailures(usernameLower, now, windowStart) == 0) {
      try {
        return save(new LoginThrottle(usernameLower, 1, now, null));
      } catch (DataAccessException e) {
        if (!SqlErrors.isUniqueViolation(e)) {
          throw e;
        }
        // Another failure inserted the row first; count ours on it.
        incrementFailures(usernameLower, now, windowStart);
      }
    }
    // A reset racing this read leaves no row: nothing is counted any more.
    return findById(usernameLower).orElseGet(() -> new LoginThrottle(usernameLower, 0, now, null));
  }

  /** Inserts a first row; used by {@link #recordFailure}. */
  LoginThrottle save(LoginThrottle throttle);

  /** Increments (or restarts) the counter in one statement; returns 0 when the account has no row. */
  @Query("UPDATE login_throttle SET"
      + " failures = CASE WHEN window_started_at <= :windowStart THEN 1 ELSE failures + 1 END,"
      + " window_started_at = CASE WHEN window_started_at <= :windowStart THEN :now ELSE window_started_at END"
      + " WHERE username_lower = :usernameLower")
  int incrementFailures(String usernameLower, Instant now, Instant windowStart);

  /** Refuses logins until {@code until} ({@code null} lifts the block); returns rows changed. */
  @Query("UPDATE login_throttle SET blocked_until = :until WHERE username_lower = :usernameLower")
  int block(String usernameLower, @Nullable Instant until);

  /** Forgets the account's failures (after a successful login); returns rows deleted. */
  int deleteById(String usernameLower);
}
