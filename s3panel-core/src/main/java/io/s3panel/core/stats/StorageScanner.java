package io.s3panel.core.stats;

import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.S3PanelException;

/**
 * Counts objects and bytes in every bucket of one credential set.
 *
 * <p>Each bucket is listed with ListObjectsV2, 1000 keys per call; up to
 * {@link ScanOptions#bucketConcurrency()} buckets are listed at once. Memory stays flat in the number of
 * objects: only running totals are kept. A bucket that cannot be read (access denied, deleted meanwhile)
 * is reported as failed in the result while the others are counted; a failure that concerns the whole
 * account (rejected credentials, S3 unreachable or timing out) ends the scan with that exception.
 * Thread-safe: scans may run concurrently.
 *
 * <pre>{@code
 * ScanResult r = scanner.scan(ScanOptions.defaults());
 * System.out.println(r.totalCount() + " objects, " + r.totalBytes() + " bytes");
 * }</pre>
 */
public interface StorageScanner {
  /**
   * Scans every bucket and returns when all are done.
   *
   * @throws OperationCancelledException if the options' cancellation was set (or the thread interrupted)
   * @throws S3PanelException if the buckets cannot be listed or S3 fails for the whole account
   */
  ScanResult scan(ScanOptions options);
}
