package io.s3panel.server.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.Objects;

/**
 * A refresh-token family, one row of {@code refresh_families}: the chain of refresh tokens issued from one
 * login. Only the token whose {@code jti} is {@code currentJti} may be rotated, once; the token it replaced
 * ({@code previousJti}) still answers with it during the refresh grace period after {@code rotatedAt}.
 *
 * @param id random family id, carried in every refresh token of the family
 * @param userId the user who logged in
 * @param currentJti the {@code jti} of the only refresh token of the family that is still valid
 * @param createdAt when the user logged in
 * @param absoluteExpiresAt no rotation extends the family past this instant
 * @param revokedAt when the family was revoked, or {@code null} while it is live
 * @param revokedReason why it was revoked (for example {@code reuse}, {@code logout}), or {@code null}
 * @param previousJti the {@code jti} of the token the current one replaced, or {@code null} before any rotation
 * @param rotatedAt when the previous token was rotated out, or {@code null} before any rotation
 * @param currentIssuedAt the {@code iat} of the current token (whole seconds), or {@code null} before any rotation
 * @param currentExpiresAt the {@code exp} of the current token (whole seconds), or {@code null} before any rotation
 */
@MappedEntity("refresh_families")
public record RefreshFamily(
    @Id String id,
    long userId,
    String currentJti,
    Instant createdAt,
    Instant absoluteExpiresAt,
    @Nullable Instant revokedAt,
    @Nullable String revokedReason,
    @Nullable String previousJti,
    @Nullable Instant rotatedAt,
    @Nullable Instant currentIssuedAt,
    @Nullable Instant currentExpiresAt) {

  /** Checks required fields. */
  public RefreshFamily {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(currentJti, "currentJti");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
  }

  /** A new live family. */
  public static RefreshFamily start(String id, long userId, String jti, Instant now, Instant absoluteExpiresAt) {
    return new RefreshFamily(id, userId, jti, now, absoluteExpiresAt, null, null, null, null, null, null);
  }

  /** True when the family is neither revoked nor past its absolute expiry at {@code now}. */
  public boolean isLive(Instant now) {
    return revokedAt == null && now.isBefore(absoluteExpiresAt);
  }

  /** Names the family and its state; never a token id. */
  @Override
  public String toString() {
    return "RefreshFamily{user=" + userId + ", expires=" + absoluteExpiresAt
        + (revokedAt == null ? "" : ", revoked=" + revokedAt + " (" + revokedReason + ")") + '}';
  }
}
