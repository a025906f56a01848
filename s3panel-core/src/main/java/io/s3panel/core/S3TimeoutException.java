package io.s3panel.core;

/** The S3 endpoint did not answer within the configured timeout. Code {@link ErrorCode#AWS_TIMEOUT}. */
public class S3TimeoutException extends S3PanelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a human-readable message. */
  public S3TimeoutException(String message) {
    super(ErrorCode.AWS_TIMEOUT, message);
  }

  /** Creates the exception with a human-readable message and a cause. */
  public S3TimeoutException(String message, Throwable cause) {
    super(ErrorCode.AWS_TIMEOUT, message, cause);
  }
}
