package io.s3panel.core.navigate;

import java.time.Instant;

/**
 * A bucket and its grants.
 *
 * @param name the bucket name
 * @param creationDate when it was created, or {@code null} if S3 gave no date
 * @param grants its ACL grants, or why they are unavailable; {@code null} when not requested
 */
public record BucketSummary(String name, Instant creationDate, Grants grants) {}
