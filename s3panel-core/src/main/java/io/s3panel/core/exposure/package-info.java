/**
 * Exposure report and credential health: what of one credential set the internet can read (bucket ACL,
 * bucket policy status, public access blocks, object ACLs) with a verdict per bucket, and whether the set's
 * keys work now. Start at {@link io.s3panel.core.exposure.ExposureChecks}, from
 * {@link io.s3panel.core.S3Account#exposure()}.
 *
 * <p>Parameters and return values are non-null unless a member's Javadoc says otherwise.
 */
package io.s3panel.core.exposure;
