package io.s3panel.core;

/** The S3 endpoint could not be reached, or kept answering with server errors. Code {@link ErrorCode#AWS_UNREACHABLE}. */
public class S3UnreachableException extends S3PanelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a human-readable message. */
  public S3UnreachableException(String message) {
    super(ErrorCode.AWS_UNREACHABLE, message);
  }

  /** Creates the exception with a human-readable message and a cause. */
  public S3UnreachableException(String message, Throwable cause) {
    super(ErrorCode.AWS_UNREACHABLE, message, cause);
  }
}
