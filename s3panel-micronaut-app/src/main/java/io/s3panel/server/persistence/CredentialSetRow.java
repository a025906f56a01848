package io.s3panel.server.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** One row of {@code credential_sets}; the three key fields are ciphertexts. Mapping only, not API. */
@MappedEntity("credential_sets")
record CredentialSetRow(
    @Id @GeneratedValue @Nullable Long id,
    long ownerId,
    String identifier,
    byte[] sealedAccessKeyId,
    byte[] sealedSecretAccessKey,
    @Nullable byte[] sealedSessionToken,
    String region,
    @Nullable String endpointUrl,
    boolean pathStyle,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  /** Names the row; ciphertexts never appear. */
  @Override
  public String toString() {
    return "CredentialSetRow{id=" + id + ", owner=" + ownerId + ", identifier=" + identifier
        + ", version=" + version + '}';
  }
}
