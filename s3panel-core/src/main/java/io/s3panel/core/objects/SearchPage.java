package io.s3panel.core.objects;

import io.s3panel.core.navigate.ObjectSummary;
import java.util.List;

/**
 * One call's worth of search hits.
 *
 * @param results matching objects in key order
 * @param continuation opaque token to resume after the last key examined; {@code ""} once the prefix is exhausted
 * @param scanned keys examined by this call
 */
public record SearchPage(List<ObjectSummary> results, String continuation, long scanned) {
  /** Copies the list. */
  public SearchPage {
    results = List.copyOf(results);
  }

  /** True when nothing is left to search. */
  public boolean exhausted() {
    return continuation.isEmpty();
  }
}
