package io.s3panel.core.credentials;

import java.time.Instant;

/**
 * What may be shown of a stored credential set: everything but the secrets, with the access key id and
 * the secret masked (see {@link Masking}).
 *
 * @param identifier the owner's name for the set
 * @param maskedAccessKeyId the access key id, masked; {@code null} when {@code readable} is false
 * @param maskedSecretAccessKey the secret, masked; {@code null} when {@code readable} is false
 * @param region the signing region
 * @param endpoint the S3-compatible endpoint, or {@code null} for AWS
 * @param pathStyle path-style addressing
 * @param hasSessionToken whether a session token is stored
 * @param createdAt when it was added
 * @param updatedAt when it last changed
 * @param version its current version
 * @param readable false when the stored ciphertext no longer decrypts (the set must be re-added)
 */
public record CredentialSummary(
    String identifier,
    String maskedAccessKeyId,
    String maskedSecretAccessKey,
    String region,
    String endpoint,
    boolean pathStyle,
    boolean hasSessionToken,
    Instant createdAt,
    Instant updatedAt,
    long version,
    boolean readable) {}
