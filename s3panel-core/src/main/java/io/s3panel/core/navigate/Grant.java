package io.s3panel.core.navigate;

/**
 * One ACL grant.
 *
 * @param grantee who is granted
 * @param permission {@code FULL_CONTROL}, {@code READ}, {@code WRITE}, {@code READ_ACP} or {@code WRITE_ACP}
 */
public record Grant(Grantee grantee, String permission) {}
