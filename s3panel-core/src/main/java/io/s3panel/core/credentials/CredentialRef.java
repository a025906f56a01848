package io.s3panel.core.credentials;

import io.s3panel.core.ValidationException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one credential set: its owner and the owner's identifier for it. Identifiers are unique per owner.
 *
 * @param owner the owning user's id, 1 to 200 characters, no control characters
 * @param identifier 3 to 100 characters of letters, digits, {@code -} and {@code _}
 */
public record CredentialRef(String owner, String identifier) {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_-]{3,100}");

  /** Validates both parts; throws {@link ValidationException} naming {@code owner} or {@code identifier}. */
  public CredentialRef {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(identifier, "identifier");
    if (owner.isEmpty() || owner.length() > 200 || owner.chars().anyMatch(Character::isISOControl)) {
      throw new ValidationException("owner", "The owner must be 1 to 200 characters without control characters.");
    }
    if (!isValidIdentifier(identifier)) {
      throw new ValidationException(
          "identifier", "The identifier must be 3 to 100 characters of letters, digits, '-' and '_'.");
    }
  }

  /** True when {@code identifier} has the allowed form (3–100 of letters, digits, {@code -}, {@code _}). */
  public static boolean isValidIdentifier(String identifier) {
    return identifier != null && IDENTIFIER.matcher(identifier).matches();
  }
}
