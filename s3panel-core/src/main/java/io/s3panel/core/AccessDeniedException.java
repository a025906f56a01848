package io.s3panel.core;

/** S3 refused the operation for these credentials. Code {@link ErrorCode#AWS_ACCESS_DENIED}. */
public class AccessDeniedException extends S3PanelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a human-readable message. */
  public AccessDeniedException(String message) {
    super(ErrorCode.AWS_ACCESS_DENIED, message);
  }

  /** Creates the exception with a human-readable message and a cause. */
  public AccessDeniedException(String message, Throwable cause) {
    super(ErrorCode.AWS_ACCESS_DENIED, message, cause);
  }
}
