package io.s3panel.core.stats;

/**
 * Hears about a scan as it runs. Called from the scan's worker threads, possibly concurrently; must be
 * quick and thread-safe. An exception thrown here is logged and otherwise ignored.
 */
public interface ScanListener {
  /** Ignores everything. */
  ScanListener NONE = new ScanListener() {};

  /** After every listing page and every finished bucket. */
  default void onProgress(ScanProgress progress) {}

  /** When one bucket is finished, counted or failed; resumed scans can record it. */
  default void onBucketDone(BucketUsage usage) {}
}
