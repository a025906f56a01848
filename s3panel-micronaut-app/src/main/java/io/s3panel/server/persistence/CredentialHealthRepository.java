package io.s3panel.server.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;

/**
 * The last health check of each credential set ({@code credential_health}): one row per set at most, deleted
 * with the set, and ignored once the set has been changed since the check.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface CredentialHealthRepository extends GenericRepository<CredentialHealthRow, Long> {

  /**
   * Records a check of the owner's set {@code identifier}, replacing the previous one; does nothing when the
   * set no longer exists. Concurrent records of one set leave one of them.
   */
  default void record(long ownerId, String identifier, boolean ok, @Nullable String code, Instant checkedAt,
      long latencyMs) {
    for (int round = 0; round < 3; round++) {
      if (update(ownerId, identifier, ok, code, checkedAt, latencyMs) > 0) {
        return;
      }
      try {
        insert(ownerId, identifier, ok, code, checkedAt, latencyMs);
        return;
      } catch (DataAccessException e) {
        if (!SqlErrors.isUniqueViolation(e)) {
          throw e;
        }
        // another check of the same set inserted first: replace its row
      }
    }
  }

  /** Replaces the row of the set, if it has one; returns rows changed. */
  @Query("UPDATE credential_health SET ok = :ok, code = :code, checked_at = :checkedAt, latency_ms = :latencyMs,"
      + " set_version = (SELECT c.version FROM credential_sets c WHERE c.id = credential_health.credential_set_id)"
      + " WHERE credential_set_id = (SELECT c.id FROM credential_sets c"
      + " WHERE c.owner_id = :ownerId AND c.identifier = :identifier)")
  int update(long ownerId, String identifier, boolean ok, @Nullable String code, Instant checkedAt, long latencyMs);

  /** Inserts the row of the set; nothing when the set does not exist, a unique violation when a row does. */
  @Query("INSERT INTO credential_health (credential_set_id, set_version, ok, code, checked_at, latency_ms)"
      + " SELECT c.id, c.version, :ok, :code, :checkedAt, :latencyMs FROM credential_sets c"
      + " WHERE c.owner_id = :ownerId AND c.identifier = :identifier")
  int insert(long ownerId, String identifier, boolean ok, @Nullable String code, Instant checkedAt, long latencyMs);

  /** The owner's sets' last checks, for sets not changed since; sets never checked have no entry. */
  @Query("SELECT c.identifier, h.ok, h.code, h.checked_at, h.latency_ms FROM credential_health h"
      + " JOIN credential_sets c ON c.id = h.credential_set_id AND c.version = h.set_version"
      + " WHERE c.owner_id = :ownerId")
  List<LastHealth> listByOwner(long ownerId);
}
