package io.s3panel.core.exposure;

import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.S3PanelException;
import java.util.function.Consumer;

/**
 * What of one credential set the internet can read, and whether its keys work. Obtain it from
 * {@link io.s3panel.core.S3Account#exposure()}. Thread-safe: reports may run concurrently.
 *
 * <p>Guarantees of {@link #report}:
 * <ul>
 *   <li>Per bucket it reads the bucket ACL (GetBucketAcl), the policy status (GetBucketPolicyStatus), the
 *       bucket's public access block (GetPublicAccessBlock) and, as the options say, object ACLs (none, the
 *       first {@link ExposureOptions#sampleSize()} objects, or all). Up to
 *       {@link ExposureOptions#bucketConcurrency()} buckets and, per bucket,
 *       {@link ExposureOptions#aclConcurrency()} object ACL look-ups run at once while the next listing page
 *       is fetched. Memory per bucket is one listing page plus {@value ObjectExposure#MAX_EXAMPLES} keys.</li>
 *   <li>A sub-check the endpoint does not implement (NotImplemented, 501, 405, MethodNotAllowed, an answer
 *       without the value), one the key may not ask (AccessDenied) or one with nothing configured
 *       (NoSuchPublicAccessBlockConfiguration, no policy) gives an unavailable {@link Check} with a reason,
 *       never a failed report. A bucket deleted during the report is reported with an error and verdict
 *       {@code unknown}.</li>
 *   <li>A failure of the whole account (rejected keys, S3 unreachable or timing out) ends the report with
 *       that exception, as the navigator's listings do; reports of other credential sets are not affected.</li>
 *   <li>The verdict is {@code public} when a public ACL grant (bucket or object) or a public policy is not
 *       neutralised by IgnorePublicAcls / RestrictPublicBuckets of the bucket's or the account's public
 *       access block; {@code unknown} only when no sub-check could be read.</li>
 *   <li>The account's public access block is read only for a set that targets AWS (STS GetCallerIdentity
 *       for the account id, then S3 Control GetPublicAccessBlock, each call bounded); elsewhere, or when the
 *       key may not read it, it is unavailable with a reason and the report goes on.</li>
 *   <li>Progress goes to the options' listener; setting the options' cancellation stops the report at the
 *       next look-up or page with {@link OperationCancelledException}.</li>
 * </ul>
 *
 * <pre>{@code
 * ExposureReport r = account.exposure().report(o -> o.objects(ObjectMode.ALL));
 * r.withVerdict(Verdict.PUBLIC).forEach(b -> System.out.println(b.bucket() + ": " + b.reasons()));
 * }</pre>
 */
public interface ExposureChecks {
  /**
   * Checks every bucket of the set and returns when all are done, buckets in name order.
   *
   * @throws OperationCancelledException if the options' cancellation was set (or the thread interrupted)
   * @throws S3PanelException if the buckets cannot be listed or S3 fails for the whole account
   */
  ExposureReport report(ExposureOptions options);

  /** Shorthand for {@code report(ExposureOptions.of(customizer))}. */
  default ExposureReport report(Consumer<ExposureOptions.Builder> customizer) {
    return report(ExposureOptions.of(customizer));
  }

  /**
   * Checks one bucket; the options' bucket concurrency does not apply.
   *
   * @throws io.s3panel.core.NoSuchBucketException if the bucket does not exist
   * @throws OperationCancelledException if the options' cancellation was set
   * @throws S3PanelException if S3 fails for the whole account
   */
  BucketExposure bucket(String bucket, ExposureOptions options);

  /**
   * Checks the set's keys now with the same call as when it was added (STS GetCallerIdentity on AWS,
   * ListBuckets elsewhere), then counts its buckets. Never throws for an S3 failure: a rejected key is
   * {@code ok=false} with code {@code aws_invalid_credentials}, an unreachable endpoint
   * {@code aws_unreachable} or {@code aws_timeout}. For a set that targets AWS with a long-term key that
   * passed the check, key age and last use come from IAM (ListAccessKeys and GetAccessKeyLastUsed of the
   * key's own user, each call bounded); they are {@code null} with a note when they cannot be read (not AWS,
   * a temporary key, not allowed, IAM out of reach) — never a failed check.
   *
   * @throws io.s3panel.core.CredentialUnreadableException if the stored set no longer decrypts
   */
  CredentialHealth health();
}
