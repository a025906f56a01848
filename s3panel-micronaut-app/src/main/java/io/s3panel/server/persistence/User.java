package io.s3panel.server.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A registered user, one row of {@code users}. Usernames are unique ignoring case through
 * {@code usernameLower}. {@link #toString()} leaves the password hash out.
 *
 * @param id database id; {@code null} before the insert
 * @param username the username as registered
 * @param usernameLower {@code username} lower-cased with {@link Locale#ROOT}; the unique key
 * @param passwordHash the password hash (a PHC string)
 * @param passwordChangedAt when the password was last set
 * @param createdAt when the user registered
 */
@MappedEntity("users")
public record User(
    @Id @GeneratedValue @Nullable Long id,
    String username,
    String usernameLower,
    String passwordHash,
    Instant passwordChangedAt,
    Instant createdAt) {

  /** Checks required fields and that {@code usernameLower} matches {@code username}. */
  public User {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(usernameLower, "usernameLower");
    Objects.requireNonNull(passwordHash, "passwordHash");
    Objects.requireNonNull(passwordChangedAt, "passwordChangedAt");
    Objects.requireNonNull(createdAt, "createdAt");
    if (!usernameLower.equals(lower(username))) {
      throw new IllegalArgumentException("usernameLower must be the lower-cased username");
    }
  }

  /** A user to insert: no id yet, password set at {@code now}. */
  public static User newUser(String username, String passwordHash, Instant now) {
    return new User(null, username, lower(username), passwordHash, now, now);
  }

  /** The unique key of {@code username}: lower case in {@link Locale#ROOT}. */
  public static String lower(String username) {
    return username.toLowerCase(Locale.ROOT);
  }

  /** Names the user; never the password hash. */
  @Override
  public String toString() {
    return "User{id=" + id + ", username=" + username + '}';
  }
}
