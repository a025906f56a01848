package io.s3panel.core.stats;

import io.s3panel.core.ErrorCode;

/**
 * How much one bucket holds, or why it could not be counted.
 *
 * @param bucket the bucket name
 * @param objectCount objects counted (current versions only)
 * @param totalBytes their total size in bytes
 * @param error why the bucket could not be counted (e.g. access denied), or {@code null}
 * @param reason a sentence saying why, or {@code null}
 */
public record BucketUsage(String bucket, long objectCount, long totalBytes, ErrorCode error, String reason) {
  /** A bucket that was counted. */
  public static BucketUsage counted(String bucket, long objectCount, long totalBytes) {
    return new BucketUsage(bucket, objectCount, totalBytes, null, null);
  }

  /** A bucket that could not be counted. */
  public static BucketUsage failed(String bucket, ErrorCode error, String reason) {
    return new BucketUsage(bucket, 0, 0, error, reason);
  }

  /** True when the bucket was counted. */
  public boolean ok() {
    return error == null;
  }
}
