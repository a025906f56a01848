package io.s3panel.core.internal;

import io.s3panel.core.AccessDeniedException;
import io.s3panel.core.ErrorCode;
import io.s3panel.core.InvalidCredentialsException;
import io.s3panel.core.NoSuchBucketException;
import io.s3panel.core.NoSuchKeyException;
import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.S3TimeoutException;
import io.s3panel.core.S3UnreachableException;
import io.s3panel.core.ValidationException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Translates AWS SDK failures into the library's typed exceptions. S3's own messages are never copied
 * (some echo the access key id or the string to sign); only S3's error code is named.
 */
final class S3Errors {
  private static final Set<String> BAD_KEYS = Set.of(
      "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidClientTokenId", "ExpiredToken",
      "InvalidToken", "TokenRefreshRequired", "AuthorizationHeaderMalformed", "InvalidSecurity",
      "UnrecognizedClientException", "IncompleteSignature", "MissingAuthenticationToken");
  private static final Set<String> DENIED = Set.of("AccessDenied", "AllAccessDisabled", "AccountProblem",
      "AccessDeniedException");

  /** Failures that concern the whole account, not one bucket or object: they end a listing, scan or report. */
  private static final Set<ErrorCode> ACCOUNT_WIDE = java.util.EnumSet.of(ErrorCode.AWS_UNREACHABLE,
      ErrorCode.AWS_TIMEOUT, ErrorCode.AWS_INVALID_CREDENTIALS, ErrorCode.CANCELLED);

  private S3Errors() {}

  /** True for a failure of the whole account (S3 unreachable or timing out, keys rejected, cancelled). */
  static boolean accountWide(S3PanelException e) {
    return ACCOUNT_WIDE.contains(e.code());
  }

  /**
   * The library exception for {@code e}.
   *
   * @param bucket the bucket the call named, or {@code null}
   * @param key the object key the call named, or {@code null}
   */
  static S3PanelException translate(SdkException e, String bucket, String key) {
    if (e instanceof AwsServiceException) {
      return service((AwsServiceException) e, bucket, key);
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
        || hasCause(e, SocketTimeoutException.class)) {
      return new S3TimeoutException("S3 did not answer in time. Try again later.", e);
    }
    if (e instanceof AbortedException || hasCause(e, InterruptedException.class)
        || (hasCause(e, InterruptedIOException.class) && Thread.currentThread().isInterrupted())) {
      return new OperationCancelledException("The S3 call was cancelled.", e);
    }
    if (hasCause(e, UnknownHostException.class)) {
      return new S3UnreachableException("The S3 endpoint's host name cannot be resolved.", e);
    }
    if (hasCause(e, ConnectException.class) || hasCause(e, NoRouteToHostException.class)) {
      return new S3UnreachableException("The S3 endpoint refused the connection or cannot be reached.", e);
    }
    return new S3UnreachableException("The S3 endpoint could not be reached or gave no usable answer.", e);
  }

  private static S3PanelException service(AwsServiceException e, String bucket, String key) {
    String code = e.awsErrorDetails() == null ? null : safeCode(e.awsErrorDetails().errorCode());
    int status = e.statusCode();
    if (code != null && BAD_KEYS.contains(code)) {
      return new InvalidCredentialsException(
          "S3 rejected the access key or its signature (" + code + "). Check the key id, the secret and the region.", e);
    }
    if ((code != null && DENIED.contains(code)) || (code == null && status == 403)) {
      return new AccessDeniedException("S3 denied access" + where(bucket, key)
          + ". The credentials lack the permission for this operation.", e);
    }
    if ("NoSuchBucket".equals(code) || (status == 404 && key == null && bucket != null && code == null)) {
      return new NoSuchBucketException("The bucket '" + bucket + "' does not exist.", e);
    }
    if ("NoSuchKey".equals(code) || "NotFound".equals(code) || (status == 404 && key != null)) {
      return new NoSuchKeyException("The object '" + key + "' does not exist in bucket '" + bucket + "'.", e);
    }
    if ("InvalidBucketName".equals(code)) {
      return new ValidationException("bucket", "S3 says the bucket name is not valid.");
    }
    if (status == 400 && !"AuthorizationHeaderMalformed".equals(code)) {
      // S3 found the request itself invalid (a prefix, marker or key it does not accept): the caller's input.
      return new ValidationException("request", "S3 refused the request as invalid (" + (code == null ? "400" : code)
          + "). Check the bucket, prefix, marker or key.");
    }
    if ("PermanentRedirect".equals(code) || "IllegalLocationConstraintException".equals(code) || status == 301) {
      return new S3PanelException(ErrorCode.AWS_UNREACHABLE,
          "The bucket '" + bucket + "' is in another region than the credential set's; set its region to the bucket's.", e);
    }
    if (status >= 500 || "SlowDown".equals(code) || "ServiceUnavailable".equals(code) || "Throttling".equals(code)) {
      return new S3UnreachableException("S3 kept answering with " + (code == null ? "status " + status : code)
          + " after retrying. Try again later.", e);
    }
    return new S3UnreachableException("S3 refused the request with " + (code == null ? "status " + status : code)
        + where(bucket, key) + ".", e);
  }

  /** S3 error codes are short words; anything else an endpoint sends is not repeated to the caller. */
  private static String safeCode(String code) {
    return code != null && code.matches("[A-Za-z0-9.]{1,64}") ? code : null;
  }

  private static String where(String bucket, String key) {
    if (bucket == null) {
      return "";
    }
    return key == null ? " to bucket '" + bucket + "'" : " to '" + key + "' in bucket '" + bucket + "'";
  }

  static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
