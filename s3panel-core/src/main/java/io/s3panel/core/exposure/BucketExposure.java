package io.s3panel.core.exposure;

import io.s3panel.core.ErrorCode;
import io.s3panel.core.navigate.Grant;
import java.util.List;

/**
 * The exposure of one bucket: each sub-check (a value, or why it is unavailable), the verdict and the
 * reasons behind it, each a sentence a person can act on.
 *
 * @param bucket the bucket name
 * @param verdict public, not public, or unknown when nothing could be read
 * @param reasons why the verdict, including every sub-check that could not be read and every public
 *     setting a public access block neutralises
 * @param aclPublicGrants the bucket ACL's grants to AllUsers or AuthenticatedUsers (empty when none)
 * @param policyIsPublic S3's GetBucketPolicyStatus answer ({@code false} when the bucket has no policy)
 * @param publicAccessBlock the bucket's public access block ({@link PublicAccessBlock#NONE} when none is
 *     configured)
 * @param objects what the object ACLs showed; unavailable when the mode is {@code none} or the listing
 *     failed
 * @param error why the bucket could not be checked at all (e.g. deleted during the report), or {@code null}
 */
public record BucketExposure(String bucket, Verdict verdict, List<String> reasons, Check<List<Grant>> aclPublicGrants,
    Check<Boolean> policyIsPublic, Check<PublicAccessBlock> publicAccessBlock, Check<ObjectExposure> objects,
    ErrorCode error) {
  /** Copies the list. */
  public BucketExposure {
    reasons = List.copyOf(reasons);
  }
}
