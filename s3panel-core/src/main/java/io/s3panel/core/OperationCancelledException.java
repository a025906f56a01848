package io.s3panel.core;

/** The operation was cancelled by its caller. Code {@link ErrorCode#CANCELLED}. */
public class OperationCancelledException extends S3PanelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a human-readable message. */
  public OperationCancelledException(String message) {
    super(ErrorCode.CANCELLED, message);
  }

  /** Creates the exception with a human-readable message and a cause. */
  public OperationCancelledException(String message, Throwable cause) {
    super(ErrorCode.CANCELLED, message, cause);
  }
}
