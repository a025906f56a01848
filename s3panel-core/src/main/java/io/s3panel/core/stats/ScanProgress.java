package io.s3panel.core.stats;

/**
 * How far a scan has got.
 *
 * @param bucketsDone buckets finished (counted or failed)
 * @param bucketsTotal buckets to scan
 * @param objectsCounted objects counted so far, over all buckets
 * @param bytesCounted bytes counted so far, over all buckets
 */
public record ScanProgress(int bucketsDone, int bucketsTotal, long objectsCounted, long bytesCounted) {}
