package io.s3panel.core.stats;

import java.util.List;

/**
 * The outcome of a storage scan.
 *
 * @param buckets every bucket, by name, counted or failed
 * @param totalCount objects over all counted buckets
 * @param totalBytes bytes over all counted buckets
 */
public record ScanResult(List<BucketUsage> buckets, long totalCount, long totalBytes) {
  /** Copies the list. */
  public ScanResult {
    buckets = List.copyOf(buckets);
  }
}
