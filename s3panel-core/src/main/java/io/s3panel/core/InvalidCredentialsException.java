package io.s3panel.core;

/** S3 rejected the access key id or the request signature. Code {@link ErrorCode#AWS_INVALID_CREDENTIALS}. */
public class InvalidCredentialsException extends S3PanelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a human-readable message. */
  public InvalidCredentialsException(String message) {
    super(ErrorCode.AWS_INVALID_CREDENTIALS, message);
  }

  /** Creates the exception with a human-readable message and a cause. */
  public InvalidCredentialsException(String message, Throwable cause) {
    super(ErrorCode.AWS_INVALID_CREDENTIALS, message, cause);
  }
}
