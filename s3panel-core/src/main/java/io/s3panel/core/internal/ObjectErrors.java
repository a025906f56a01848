package io.s3panel.core.internal;

import io.s3panel.core.ConflictException;
import io.s3panel.core.ErrorCode;
import io.s3panel.core.S3PanelException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** {@link S3Errors} plus the answers only writes get: failed preconditions and conflicts. */
final class ObjectErrors {
  private static final Set<ErrorCode> STOPS_A_BATCH = Set.of(ErrorCode.AWS_UNREACHABLE, ErrorCode.AWS_TIMEOUT,
      ErrorCode.AWS_INVALID_CREDENTIALS, ErrorCode.AWS_NO_SUCH_BUCKET, ErrorCode.CREDENTIAL_UNREADABLE,
      ErrorCode.INTERNAL);

  private ObjectErrors() {}

  /** The library exception for a failed write or read of {@code key} in {@code bucket}. */
  static S3PanelException translate(SdkException e, String bucket, String key) {
    if (e instanceof AwsServiceException) {
      AwsServiceException s = (AwsServiceException) e;
      String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      if (s.statusCode() == 412 || "PreconditionFailed".equals(code)) {
        return new ConflictException("An object already exists at '" + key + "' in bucket '" + bucket + "'.", e);
      }
      if ("BucketNotEmpty".equals(code)) {
        return new ConflictException("The bucket '" + bucket + "' is not empty; delete its objects first.", e);
      }
      if ("BucketAlreadyExists".equals(code) || "BucketAlreadyOwnedByYou".equals(code)) {
        return new ConflictException("The bucket name '" + bucket + "' is already taken.", e);
      }
      if (s.statusCode() == 409) {
        return new ConflictException("S3 reported a conflicting change (" + (code == null ? "409" : code)
            + ") on '" + (key == null ? bucket : key) + "'. Try again.", e);
      }
    }
    return S3Errors.translate(e, bucket, key);
  }

  /** True when a failure concerns every object of a batch, not just one. */
  static boolean stopsBatch(S3PanelException e) {
    return STOPS_A_BATCH.contains(e.code());
  }
}
