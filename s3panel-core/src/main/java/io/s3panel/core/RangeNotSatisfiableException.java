package io.s3panel.core;

/**
 * The requested byte range lies outside the object (or the object is empty). Code
 * {@link ErrorCode#RANGE_NOT_SATISFIABLE}; an HTTP layer answers 416 with {@code Content-Range: bytes *}{@code /size}.
 */
public class RangeNotSatisfiableException extends S3PanelException {
  private static final long serialVersionUID = 1L;

  private final long objectSize;

  /** Creates the exception; {@code objectSize} is the object's size in bytes, or -1 when unknown. */
  public RangeNotSatisfiableException(String message, long objectSize, Throwable cause) {
    super(ErrorCode.RANGE_NOT_SATISFIABLE, message, cause);
    this.objectSize = objectSize;
  }

  /** The object's size in bytes, or -1 when it could not be learnt. */
  public long objectSize() {
    return objectSize;
  }
}
