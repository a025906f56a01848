/**
 * S3 connections: settings and timeouts ({@link io.s3panel.core.connect.ConnectionSettings}), the SSRF
 * guard for custom endpoints ({@link io.s3panel.core.connect.EndpointPolicy}) and the bounded cache of
 * clients per credential set and version ({@link io.s3panel.core.connect.ConnectionCache}).
 *
 * <p>Parameters and return values are non-null unless a member's Javadoc says otherwise.
 */
package io.s3panel.core.connect;
