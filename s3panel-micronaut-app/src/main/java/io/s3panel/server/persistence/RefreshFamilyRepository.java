package io.s3panel.server.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Optional;

/** Refresh-token families: atomic rotation with reuse detection, revocation. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface RefreshFamilyRepository extends GenericRepository<RefreshFamily, String> {

  /** Inserts a new family; its id must be new. */
  RefreshFamily save(RefreshFamily family);

  /** The family with this id, if any (revoked ones included). */
  Optional<RefreshFamily> findById(String id);

  /**
   * Moves the family from {@code oldJti} to {@code newJti} in one conditional update: only if it is live at
   * {@code now} and {@code oldJti} is still current. {@code oldJti} becomes the previous token, rotated at
   * {@code now}; the new token's {@code iat} and {@code exp} are kept so that it can be signed again during
   * the grace period. Of any number of concurrent calls with the same {@code oldJti} exactly one returns 1;
   * the others return 0 (rotated already, revoked or expired).
   */
  @Query("UPDATE refresh_families SET previous_jti = current_jti, current_jti = :newJti, rotated_at = :now,"
      + " current_issued_at = :issuedAt, current_expires_at = :expiresAt"
      + " WHERE id = :id AND current_jti = :oldJti AND revoked_at IS NULL AND absolute_expires_at > :now")
  int rotate(String id, String oldJti, String newJti, Instant issuedAt, Instant expiresAt, Instant now);

  /** Revokes the family if it is not revoked yet; returns rows changed. */
  @Query("UPDATE refresh_families SET revoked_at = :now, revoked_reason = :reason"
      + " WHERE id = :id AND revoked_at IS NULL")
  int revoke(String id, String reason, Instant now);

  /** Revokes every live family of the user (password change, deletion, logout everywhere); returns rows changed. */
  @Query("UPDATE refresh_families SET revoked_at = :now, revoked_reason = :reason"
      + " WHERE user_id = :userId AND revoked_at IS NULL")
  int revokeAllOfUser(long userId, String reason, Instant now);

  /** Deletes families that expired before {@code cutoff}; housekeeping. Returns rows deleted. */
  @Query("DELETE FROM refresh_families WHERE absolute_expires_at < :cutoff")
  int deleteExpiredBefore(Instant cutoff);

  /** Deletes families revoked before {@code cutoff}; housekeeping. Returns rows deleted. */
  @Query("DELETE FROM refresh_families WHERE revoked_at < :cutoff")
  int deleteRevokedBefore(Instant cutoff);
}
