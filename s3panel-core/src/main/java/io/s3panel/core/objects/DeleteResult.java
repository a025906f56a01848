package io.s3panel.core.objects;

import java.util.List;

/**
 * What a bulk delete did, key by key.
 *
 * @param deleted keys S3 reported deleted (keys that did not exist count as deleted, as S3 says)
 * @param failed keys S3 reported not deleted, each with why; these are still there
 */
public record DeleteResult(List<String> deleted, List<KeyFailure> failed) {
  /** Copies the lists. */
  public DeleteResult {
    deleted = List.copyOf(deleted);
    failed = List.copyOf(failed);
  }
}
