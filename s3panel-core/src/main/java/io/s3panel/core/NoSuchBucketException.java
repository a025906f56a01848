package io.s3panel.core;

/** The bucket does not exist. Code {@link ErrorCode#AWS_NO_SUCH_BUCKET}. */
public class NoSuchBucketException extends S3PanelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a human-readable message. */
  public NoSuchBucketException(String message) {
    super(ErrorCode.AWS_NO_SUCH_BUCKET, message);
  }

  /** Creates the exception with a human-readable message and a cause. */
  public NoSuchBucketException(String message, Throwable cause) {
    super(ErrorCode.AWS_NO_SUCH_BUCKET, message, cause);
  }
}
