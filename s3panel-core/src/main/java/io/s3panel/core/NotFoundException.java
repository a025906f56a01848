package io.s3panel.core;

/** The named thing does not exist for the caller (or belongs to someone else). Code {@link ErrorCode#NOT_FOUND}. */
public class NotFoundException extends S3PanelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a human-readable message. */
  public NotFoundException(String message) {
    super(ErrorCode.NOT_FOUND, message);
  }

  /** Creates the exception with a human-readable message and a cause. */
  public NotFoundException(String message, Throwable cause) {
    super(ErrorCode.NOT_FOUND, message, cause);
  }
}
