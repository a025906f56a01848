package io.s3panel.core.objects;

import java.util.function.Consumer;

/**
 * Hears about a batch as it runs, in the style of {@link io.s3panel.core.stats.ScanListener}. Called on the
 * batch's thread; must be quick. An exception thrown here is logged and otherwise ignored.
 */
public interface BatchListener {
  /** Ignores everything. */
  BatchListener NONE = new BatchListener() {};

  /** A listener that hands every progress report to {@code onProgress} and ignores failures. */
  static BatchListener ofProgress(Consumer<BatchProgress> onProgress) {
    return new BatchListener() {
      @Override
      public void onProgress(BatchProgress progress) {
        onProgress.accept(progress);
      }
    };
  }

  /** After every call that changed the totals. */
  default void onProgress(BatchProgress progress) {}

  /** For every failed object, listed or not. */
  default void onFailure(KeyFailure failure) {}
}
