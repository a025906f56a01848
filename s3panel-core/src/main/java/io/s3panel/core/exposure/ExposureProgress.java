package io.s3panel.core.exposure;

/**
 * How far an exposure report has got.
 *
 * @param bucketsDone buckets finished (checked or failed)
 * @param bucketsTotal buckets to check
 * @param objectsChecked object ACLs read so far, over all buckets
 */
public record ExposureProgress(int bucketsDone, int bucketsTotal, long objectsChecked) {}
