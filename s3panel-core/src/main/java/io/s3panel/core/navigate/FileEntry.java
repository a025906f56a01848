package io.s3panel.core.navigate;

import java.time.Instant;

/**
 * One object (file) of a folder page.
 *
 * @param key the full object key
 * @param size size in bytes
 * @param lastModified last modification time, or {@code null}
 * @param etag entity tag without quotes, or {@code null}
 * @param storageClass storage class such as {@code STANDARD}, or {@code null}
 * @param grants the object's grants or why they are unavailable; {@code null} when grants were not requested
 */
public record FileEntry(String key, long size, Instant lastModified, String etag, String storageClass, Grants grants) {}
