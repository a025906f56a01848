package io.s3panel.core.exposure;

/**
 * The four flags of an S3 public access block (of a bucket or of the whole account).
 *
 * @param blockPublicAcls new public ACLs are refused
 * @param ignorePublicAcls S3 ignores existing public ACLs on the bucket and its objects
 * @param blockPublicPolicy new public bucket policies are refused
 * @param restrictPublicBuckets a public bucket policy grants only AWS services and the owner's account
 */
public record PublicAccessBlock(boolean blockPublicAcls, boolean ignorePublicAcls, boolean blockPublicPolicy,
    boolean restrictPublicBuckets) {
  /** A block with every flag off (what "none configured" means). */
  public static final PublicAccessBlock NONE = new PublicAccessBlock(false, false, false, false);
}
