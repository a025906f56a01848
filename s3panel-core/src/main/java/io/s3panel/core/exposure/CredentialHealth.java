package io.s3panel.core.exposure;

import io.s3panel.core.ErrorCode;
import java.time.Instant;

/**
 * Whether a credential set works now, as the check made when it was added says, and — for a set that targets
 * AWS and whose key may ask IAM ({@code iam:ListAccessKeys}, {@code iam:GetAccessKeyLastUsed} on its own user)
 * — how old its access key is and when it was last used.
 *
 * @param ok true when the key was accepted
 * @param checkedAt when the check started
 * @param latencyMillis how long the check took, in milliseconds
 * @param code why it failed ({@code aws_invalid_credentials}, {@code aws_unreachable}, {@code aws_timeout}…),
 *     or {@code null} when ok
 * @param message a sentence saying why it failed (never a secret), or {@code null} when ok
 * @param buckets buckets the key can list, or {@code null} when it failed or may not list buckets
 * @param keyAgeDays days since the access key was created, from IAM, or {@code null} (see {@code keyInfoNote})
 * @param lastUsed when the access key was last used, from IAM, or {@code null} (see {@code keyInfoNote})
 * @param lastUsedService the AWS service the key was last used with (e.g. {@code s3}), from IAM, or {@code null}
 * @param keyInfoNote why key age or last use is {@code null}, or {@code null} when both were read
 */
public record CredentialHealth(boolean ok, Instant checkedAt, long latencyMillis, ErrorCode code, String message,
    Integer buckets, Long keyAgeDays, Instant lastUsed, String lastUsedService, String keyInfoNote) {}
