package io.s3panel.core.navigate;

import io.s3panel.core.AccessDeniedException;
import io.s3panel.core.NoSuchBucketException;
import io.s3panel.core.NoSuchKeyException;
import io.s3panel.core.S3PanelException;
import java.util.List;

/**
 * Browses the buckets of one credential set.
 *
 * <p>Every method makes real S3 calls and may throw: {@link AccessDeniedException},
 * {@link NoSuchBucketException}, {@link NoSuchKeyException}, or an {@link S3PanelException} with code
 * {@code aws_invalid_credentials}, {@code aws_unreachable} or {@code aws_timeout}. A per-item ACL look-up
 * that fails for that item alone (access denied, object gone) never fails the listing: the item's
 * {@link Grants} says why they are unavailable. A look-up failing for the whole account (S3 unreachable or
 * timing out, keys rejected) fails the listing with that error, as the listing call itself would.
 * ACL look-ups of one listing run concurrently, bounded by the configured concurrency. Thread-safe.
 *
 * <pre>{@code
 * FolderPage page = navigator.folderPage(FolderPageRequest.of(b -> b.bucket("photos").prefix("2024/")));
 * while (!page.isLast()) {
 *   page = navigator.folderPage(FolderPageRequest.of(b -> b.bucket("photos").prefix("2024/").marker(page.nextMarker())));
 * }
 * }</pre>
 */
public interface BucketNavigator {
  /** Every bucket, by name, each with its grants (or why they are unavailable). */
  List<BucketSummary> listBuckets();

  /** Every bucket, by name; grants looked up only when {@code includeGrants}. */
  List<BucketSummary> listBuckets(boolean includeGrants);

  /** The bucket's ACL. */
  AccessControlList bucketAcl(String bucket);

  /** One page of a folder (delimiter {@code /}). */
  FolderPage folderPage(FolderPageRequest request);

  /** An object's metadata and grants. */
  ObjectDetails objectDetails(String bucket, String key);

  /** An object's ACL. */
  AccessControlList objectAcl(String bucket, String key);

  /** Every object under {@code prefix} ({@code ""} for all), lazily, 1000 per page. */
  ObjectPages listObjects(String bucket, String prefix);
}
