/**
 * Presigned URLs for downloads and uploads: {@link io.s3panel.core.presign.UrlPresigner}.
 *
 * <p>Parameters and return values are non-null unless a member's Javadoc says otherwise.
 */
package io.s3panel.core.presign;
