package io.s3panel.core.objects;

/**
 * A stored object, as an upload or a copy left it.
 *
 * @param bucket the bucket
 * @param key the object key
 * @param size bytes stored
 * @param etag entity tag without quotes ({@code md5-parts} after a multipart upload)
 * @param versionId the version S3 assigned, or {@code null} when the bucket is not versioned
 */
public record UploadResult(String bucket, String key, long size, String etag, String versionId) {}
