/**
 * Changing what is in a bucket: streamed upload and download, delete and bulk delete, server-side and
 * cross-account copy and move, folders, a batch runner with progress and cancellation, key search, and
 * bucket creation and deletion. Start at {@link io.s3panel.core.objects.ObjectOperations} (from
 * {@link io.s3panel.core.S3Account#objects()}) and {@link io.s3panel.core.objects.BucketOperations}
 * (from {@link io.s3panel.core.S3Account#buckets()}).
 *
 * <p>Parameters and return values are non-null unless a member's Javadoc says otherwise.
 */
package io.s3panel.core.objects;
