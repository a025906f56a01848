package io.s3panel.server.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import io.s3panel.core.ConflictException;
import java.time.Instant;
import java.util.Optional;

/** Users: insert with usernames unique after normalisation ({@link User#lower}), look-up, password change, delete. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserRepository extends GenericRepository<User, Long> {

  /**
   * Inserts a new user and returns it with its id.
   *
   * @throws ConflictException if the username is taken, after normalisation (also under concurrent inserts)
   */
  default User insert(User user) {
    try {
      return save(user);
    } catch (DataAccessException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new ConflictException("A user with that username already exists.", e);
      }
      throw e;
    }
  }

  /** Plain insert; prefer {@link #insert}, which turns a taken username into a {@link ConflictException}. */
  User save(User user);

  /** The user with this id, if any. */
  Optional<User> findById(long id);

  /** The user whose normalised username ({@link User#lower}) is {@code usernameLower}, if any. */
  Optional<User> findByUsernameLower(String usernameLower);

  /** Sets a new password hash and its change time; returns rows changed (0 when no such user). */
  @Query("UPDATE users SET password_hash = :passwordHash, password_changed_at = :changedAt WHERE id = :id")
  int updatePassword(long id, String passwordHash, Instant changedAt);

  /** Deletes the user and, by cascade, their credential sets, token families and tasks; returns rows deleted. */
  int deleteById(long id);
}
