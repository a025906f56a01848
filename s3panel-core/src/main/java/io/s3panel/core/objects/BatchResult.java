package io.s3panel.core.objects;

import java.util.List;

/**
 * What a batch did. Every object counted in {@link #objectsDone()} was handled (deleted, copied, or
 * copied and its source deleted); every failed one is counted in {@link #objectsFailed()} and, up to
 * {@link BatchOptions#maxListedFailures()}, named in {@link #failures()} with why.
 *
 * @param outcome how the batch ended
 * @param objectsDone objects handled
 * @param bytesDone their bytes, where known
 * @param objectsFailed objects that failed
 * @param failures the first failures, in the order they happened
 * @param stoppedBy for {@link Outcome#STOPPED}: the failure that ended the batch early; otherwise {@code null}
 */
public record BatchResult(Outcome outcome, long objectsDone, long bytesDone, long objectsFailed,
    List<KeyFailure> failures, KeyFailure stoppedBy) {
  /** How a batch ended. */
  public enum Outcome {
    /** Every object was attempted. */
    COMPLETED,
    /** The cancellation flag was set; objects not yet attempted were left alone. */
    CANCELLED,
    /**
     * A failure that concerns every object (S3 unreachable or timing out, keys rejected, bucket gone) ended
     * the batch early; objects not yet attempted were left alone.
     */
    STOPPED
  }

  /** Copies the list. */
  public BatchResult {
    failures = List.copyOf(failures);
  }

  /** The totals as a {@link BatchProgress}. */
  public BatchProgress progress() {
    return new BatchProgress(objectsDone, bytesDone, objectsFailed);
  }
}
