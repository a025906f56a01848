package io.s3panel.server.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Rows of {@code credential_sets}; used through {@link JdbcCredentialStore}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface CredentialSetRepository extends GenericRepository<CredentialSetRow, Long> {

  /** Inserts a row; a duplicate (owner, identifier) fails with a unique violation. */
  CredentialSetRow save(CredentialSetRow row);

  Optional<CredentialSetRow> findByOwnerIdAndIdentifier(long ownerId, String identifier);

  boolean existsByOwnerIdAndIdentifier(long ownerId, String identifier);

  @Query("SELECT * FROM credential_sets WHERE owner_id = :ownerId ORDER BY created_at, identifier")
  List<CredentialSetRow> listOldestFirst(long ownerId);

  @Query("SELECT * FROM credential_sets WHERE owner_id = :ownerId ORDER BY created_at, identifier LIMIT 1")
  Optional<CredentialSetRow> findOldest(long ownerId);

  /** Replaces the mutable fields if the stored version is {@code expectedVersion}; returns rows changed. */
  @Query("UPDATE credential_sets SET sealed_access_key_id = :sealedAccessKeyId,"
      + " sealed_secret_access_key = :sealedSecretAccessKey, sealed_session_token = :sealedSessionToken,"
      + " region = :region, endpoint_url = :endpointUrl, path_style = :pathStyle,"
      + " updated_at = :updatedAt, version = :version"
      + " WHERE owner_id = :ownerId AND identifier = :identifier AND version = :expectedVersion")
  int updateIfVersion(
      long ownerId,
      String identifier,
      long expectedVersion,
      byte[] sealedAccessKeyId,
      byte[] sealedSecretAccessKey,
      @Nullable byte[] sealedSessionToken,
      String region,
      @Nullable String endpointUrl,
      boolean pathStyle,
      Instant updatedAt,
      long version);

  int deleteByOwnerIdAndIdentifier(long ownerId, String identifier);

  @Query("SELECT owner_id, identifier FROM credential_sets")
  List<StoredRef> listRefs();
}
