package io.s3panel.server.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** One row of {@code credential_health}; used through {@link CredentialHealthRepository}. Mapping only. */
@MappedEntity("credential_health")
record CredentialHealthRow(
    @Id long credentialSetId,
    long setVersion,
    boolean ok,
    @Nullable String code,
    Instant checkedAt,
    long latencyMs) {}
