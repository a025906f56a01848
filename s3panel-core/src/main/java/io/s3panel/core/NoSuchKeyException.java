package io.s3panel.core;

/** The object does not exist. Code {@link ErrorCode#AWS_NO_SUCH_KEY}. */
public class NoSuchKeyException extends S3PanelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a human-readable message. */
  public NoSuchKeyException(String message) {
    super(ErrorCode.AWS_NO_SUCH_KEY, message);
  }

  /** Creates the exception with a human-readable message and a cause. */
  public NoSuchKeyException(String message, Throwable cause) {
    super(ErrorCode.AWS_NO_SUCH_KEY, message, cause);
  }
}
