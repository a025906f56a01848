/**
 * Storage statistics: object count and bytes per bucket and overall, scanned concurrently with progress,
 * cancellation and resumption. Start at {@link io.s3panel.core.stats.StorageScanner}.
 *
 * <p>Parameters and return values are non-null unless a member's Javadoc says otherwise.
 */
package io.s3panel.core.stats;
