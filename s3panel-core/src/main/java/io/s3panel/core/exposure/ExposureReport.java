package io.s3panel.core.exposure;

import java.util.List;

/**
 * The exposure of every bucket of one credential set.
 *
 * @param buckets every bucket, by name
 * @param accountPublicAccessBlock the account-wide public access block, or why it is unavailable
 */
public record ExposureReport(List<BucketExposure> buckets, Check<PublicAccessBlock> accountPublicAccessBlock) {
  /** Copies the list. */
  public ExposureReport {
    buckets = List.copyOf(buckets);
  }

  /** The buckets whose verdict is {@code verdict}. */
  public List<BucketExposure> withVerdict(Verdict verdict) {
    return buckets.stream().filter(b -> b.verdict() == verdict).toList();
  }
}
