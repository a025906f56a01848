package io.s3panel.core;

/** The thing already exists or was changed concurrently. Code {@link ErrorCode#CONFLICT}. */
public class ConflictException extends S3PanelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a human-readable message. */
  public ConflictException(String message) {
    super(ErrorCode.CONFLICT, message);
  }

  /** Creates the exception with a human-readable message and a cause. */
  public ConflictException(String message, Throwable cause) {
    super(ErrorCode.CONFLICT, message, cause);
  }
}
