package io.s3panel.core.navigate;

/**
 * Who a grant is for, with S3's own fields; absent fields are {@code null}.
 *
 * @param type {@code CanonicalUser}, {@code Group} or {@code AmazonCustomerByEmail}
 * @param id canonical user id, or {@code null}
 * @param displayName display name, or {@code null}
 * @param uri group URI, or {@code null}
 * @param emailAddress e-mail address, or {@code null}
 */
public record Grantee(String type, String id, String displayName, String uri, String emailAddress) {}
