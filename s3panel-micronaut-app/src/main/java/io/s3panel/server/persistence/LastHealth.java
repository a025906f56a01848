package io.s3panel.server.persistence;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * The last recorded health check of one credential set, still valid for the set as it is stored now.
 *
 * @param identifier the set's identifier
 * @param ok whether the key was accepted
 * @param code the error code when it was not, else {@code null}
 * @param checkedAt when the check started
 * @param latencyMs how long the check took
 */
@Introspected
public record LastHealth(String identifier, boolean ok, @Nullable String code, Instant checkedAt, long latencyMs) {}
