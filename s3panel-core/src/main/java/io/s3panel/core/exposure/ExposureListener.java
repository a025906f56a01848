package io.s3panel.core.exposure;

/**
 * Hears about an exposure report as it runs. Called from the report's worker threads, possibly
 * concurrently; must be quick and thread-safe. An exception thrown here is logged and otherwise ignored.
 */
public interface ExposureListener {
  /** Ignores everything. */
  ExposureListener NONE = new ExposureListener() {};

  /** At the start, every 100 object ACLs read, after every listing page and after every finished bucket. */
  default void onProgress(ExposureProgress progress) {}

  /** When one bucket is finished. */
  default void onBucketDone(BucketExposure bucket) {}
}
