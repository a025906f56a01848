package io.s3panel.core.navigate;

/**
 * The owner of a bucket or object.
 *
 * @param id canonical user id, or {@code null} if S3 gave none
 * @param displayName display name, or {@code null}
 */
public record Owner(String id, String displayName) {}
