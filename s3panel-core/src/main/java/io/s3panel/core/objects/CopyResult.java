package io.s3panel.core.objects;

/**
 * What a copy or move did.
 *
 * @param destination the object written at the destination
 * @param source what became of the source
 * @param sourceDeleteFailure why the source could not be deleted after a move's copy, or {@code null}
 */
public record CopyResult(UploadResult destination, SourceOutcome source, KeyFailure sourceDeleteFailure) {
  /** What became of the source of a copy or move. */
  public enum SourceOutcome {
    /** A copy: the source was left as it was. */
    KEPT,
    /** A move: the copy succeeded and the source was deleted. */
    DELETED,
    /** A move whose copy succeeded but whose delete failed: the object now exists twice. */
    KEPT_DELETE_FAILED
  }

  /** True unless a move could not delete its source. */
  public boolean complete() {
    return source != SourceOutcome.KEPT_DELETE_FAILED;
  }
}
