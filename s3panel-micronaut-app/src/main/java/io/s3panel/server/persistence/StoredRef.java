package io.s3panel.server.persistence;

import io.micronaut.core.annotation.Introspected;

/** Owner id and identifier of a stored credential set; a projection of {@code credential_sets}. */
@Introspected
record StoredRef(long ownerId, String identifier) {}
