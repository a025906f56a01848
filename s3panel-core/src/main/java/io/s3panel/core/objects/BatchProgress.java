package io.s3panel.core.objects;

/**
 * How far a batch has got.
 *
 * @param objectsDone objects deleted, copied or moved
 * @param bytesDone their bytes, where known (a key named directly in a delete counts 0: its size is not looked up)
 * @param objectsFailed objects that could not be handled
 */
public record BatchProgress(long objectsDone, long bytesDone, long objectsFailed) {}
