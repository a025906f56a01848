package io.s3panel.core.navigate;

import java.time.Instant;
import java.util.Map;

/**
 * What HeadObject tells about one object, plus its grants.
 *
 * @param key the object key
 * @param size size in bytes
 * @param lastModified last modification time, or {@code null}
 * @param etag entity tag without quotes, or {@code null}
 * @param contentType content type, or {@code null}
 * @param storageClass storage class ({@code STANDARD} when S3 names none)
 * @param versionId version id, or {@code null} when the bucket is not versioned
 * @param serverSideEncryption e.g. {@code AES256} or {@code aws:kms}, or {@code null}
 * @param metadata user metadata ({@code x-amz-meta-*}), names lower-case, without the prefix
 * @param grants the object's grants or why they are unavailable
 */
public record ObjectDetails(
    String key,
    long size,
    Instant lastModified,
    String etag,
    String contentType,
    String storageClass,
    String versionId,
    String serverSideEncryption,
    Map<String, String> metadata,
    Grants grants) {
  /** Copies the metadata. */
  public ObjectDetails {
    metadata = Map.copyOf(metadata);
  }
}
