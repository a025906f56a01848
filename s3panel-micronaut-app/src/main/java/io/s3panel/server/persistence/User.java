package io.s3panel.server.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.text.Normalizer;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A registered user, one row of {@code users}. Usernames are unique through {@code usernameLower}, their
 * NFKC case-folded form ({@link #lower}), so {@code ALICE}, {@code ａｌｉｃｅ} and {@code 𝐚𝐥𝐢𝐜𝐞} are one name
 * (SECURITY.md item 29). {@link #toString()} leaves the password hash out.
 *
 * @param id database id; {@code null} before the insert
 * @param username the username as registered
 * @param usernameLower the unique key: {@link #lower} of {@code username} for every account registered since
 *     item 29; an account that collided with an older one when keys were recomputed keeps its old key
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

  /** Checks required fields. */
  public User {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(usernameLower, "usernameLower");
    Objects.requireNonNull(passwordHash, "passwordHash");
    Objects.requireNonNull(passwordChangedAt, "passwordChangedAt");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** A user to insert: no id yet, password set at {@code now}. */
  public static User newUser(String username, String passwordHash, Instant now) {
    return new User(null, username, lower(username), passwordHash, now, now);
  }

  /**
   * The unique key of {@code username}: NFKC, then case folding (upper then lower case in {@link Locale#ROOT},
   * so {@code ß} and {@code SS} meet), then NFKC again. It may be longer than the name ({@code İ} becomes two
   * characters); registration and login check its length too.
   */
  public static String lower(String username) {
    String nfkc = Normalizer.normalize(username, Normalizer.Form.NFKC);
    String folded = nfkc.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    return Normalizer.normalize(folded, Normalizer.Form.NFKC);
  }

  /** Names the user; never the password hash. */
  @Override
  public String toString() {
    return "User{id=" + id + ", username=" + username + '}';
  }
}
