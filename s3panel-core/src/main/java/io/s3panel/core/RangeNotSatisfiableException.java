package io.s3panel.core;

/**
 * The requested byte range lies outside the object (or the object is empty). Code
 * {@link ErrorCode#VALIDATION_FAILED}, since the range is the caller's input; an HTTP layer recognises this
 * type and answers 416 with {@code Content-Range: bytes *}{@code /size} (RFC 9110 §15.5.17).
 */
public class RangeNotSatisfiableException extends S3PanelException {
  private static final long serialVersionUID = 1L;

  private final long objectSize;

  /** Creates the exception; {@code objectSize} is the object's size in bytes, or -1 when unknown. */
  public RangeNotSatisfiableException(String message, long objectSize, Throwable cause) {
    super(ErrorCode.VALIDATION_FAILED, message, cause);
    this.objectSize = objectSize;
  }

  /** The object's size in bytes, or -1 when it could not be learnt. */
  public long objectSize() {
    return objectSize;
  }
}
