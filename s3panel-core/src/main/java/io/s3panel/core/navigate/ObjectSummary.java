package io.s3panel.core.navigate;

import java.time.Instant;

/**
 * One object of a flat listing.
 *
 * @param key the object key
 * @param size size in bytes
 * @param lastModified last modification time, or {@code null}
 * @param etag entity tag without quotes, or {@code null}
 * @param storageClass storage class, or {@code null}
 */
public record ObjectSummary(String key, long size, Instant lastModified, String etag, String storageClass) {}
