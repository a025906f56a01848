/**
 * S3 Panel core: manage and browse Amazon S3 and S3-compatible storage across several accounts.
 *
 * <p>Start at {@link io.s3panel.core.S3Panel}. Every exception is an {@link io.s3panel.core.S3PanelException}
 * with a stable {@link io.s3panel.core.ErrorCode}. Parameters and return values are non-null unless a
 * member's Javadoc says otherwise.
 */
package io.s3panel.core;
