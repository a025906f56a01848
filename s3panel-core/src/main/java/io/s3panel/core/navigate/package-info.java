/**
 * Browsing: buckets with their grants, folder pages with an explicit marker cursor, object details, and a
 * lazy listing of every key under a prefix. Start at {@link io.s3panel.core.navigate.BucketNavigator}.
 *
 * <p>Parameters and return values are non-null unless a member's Javadoc says otherwise.
 */
package io.s3panel.core.navigate;
