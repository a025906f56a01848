package io.s3panel.core.objects;

import io.s3panel.core.ConflictException;
import io.s3panel.core.ValidationException;

/**
 * Creates and deletes buckets of one credential set. Obtained from {@link io.s3panel.core.S3Account#buckets()}.
 * Kept apart from {@link ObjectOperations} because it needs other permissions ({@code s3:CreateBucket},
 * {@code s3:DeleteBucket}) and an embedding application may well offer object changes without it; and apart
 * from the read-only {@link io.s3panel.core.navigate.BucketNavigator}, whose contract is that it only looks.
 * Thread-safe.
 *
 * <pre>{@code
 * account.buckets().create("reports-2025", "eu-west-1");
 * account.buckets().delete("reports-2024");     // only when empty
 * }</pre>
 */
public interface BucketOperations {
  /**
   * Creates a bucket in {@code region} ({@code null} or empty: the credential set's region).
   *
   * @throws ValidationException on {@code bucket} or {@code region} if they break S3's rules
   * @throws ConflictException if the name is taken (by anyone, this account included)
   */
  void create(String bucket, String region);

  /**
   * Deletes an empty bucket.
   *
   * @throws ConflictException if the bucket still holds objects (or unfinished multipart uploads)
   * @throws io.s3panel.core.NoSuchBucketException if there is no such bucket
   */
  void delete(String bucket);
}
