package io.s3panel.core.internal;

import io.s3panel.core.ValidationException;
import io.s3panel.core.connect.S3Connection;
import io.s3panel.core.navigate.Names;
import io.s3panel.core.objects.BucketOperations;
import software.amazon.awssdk.core.exception.SdkException;

/** {@link BucketOperations} over one connection. */
final class DefaultBucketOperations implements BucketOperations {
  private static final String US_EAST_1 = "us-east-1";

  private final S3Connection connection;

  /** Bucket changes with {@code connection}. */
  DefaultBucketOperations(S3Connection connection) {
    this.connection = connection;
  }

  @Override
  public void create(String bucket, String region) {
    String where = region == null || region.isEmpty() ? connection.region() : region;
    ValidationException.Collector errors = new ValidationException.Collector();
    ValidationException.Collector name = new ValidationException.Collector();
    Names.checkBucket(name, bucket);
    errors.check(!name.isEmpty(), "bucket", "The bucket name must be 3 to 63 lower-case letters, digits, "
        + "'.' or '-', starting and ending with a letter or digit.");
    errors.check(bucket != null && bucket.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"), "bucket",
        "The bucket name must not look like an IP address.");
    errors.check(where == null || !where.matches("[a-z]{2}(-[a-z0-9]+){1,4}"), "region",
        "The region must be an S3 region name such as eu-west-1.");
    errors.throwIfAny();
    try {
      connection.s3().createBucket(b -> {
        b.bucket(bucket);
        if (!US_EAST_1.equals(where)) {
          b.createBucketConfiguration(c -> c.locationConstraint(where));
        }
      });
    } catch (SdkException e) {
      throw ObjectErrors.translate(e, bucket, null);
    }
  }

  @Override
  public void delete(String bucket) {
    Names.requireBucket(bucket);
    try {
      connection.s3().deleteBucket(b -> b.bucket(bucket));
    } catch (SdkException e) {
      throw ObjectErrors.translate(e, bucket, null);
    }
  }

  @Override
  public String toString() {
    return "BucketOperations{" + connection + '}';
  }
}
