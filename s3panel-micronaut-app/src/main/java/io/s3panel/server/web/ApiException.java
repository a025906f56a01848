package io.s3panel.server.web;

/**
 * An error the web layer itself decides on (an upload over the limit, keys S3 refused while being added),
 * with its {@link ApiError}: the status follows from that.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ApiError error;

  private ApiException(ApiError error, String message) {
    super(message, null, false, false);
    this.error = error;
  }

  /** 413 {@code payload_too_large}: an upload beyond the configured maximum. */
  public static ApiException payloadTooLarge(long maxBytes) {
    return new ApiException(ApiError.PAYLOAD_TOO_LARGE,
        "The upload is larger than this server accepts (" + maxBytes + " bytes at most).");
  }

  /** 400 {@code aws_invalid_credentials}: S3 refused the keys the caller has just sent; {@code message} says how. */
  static ApiException keysRejected(String message) {
    return new ApiException(ApiError.KEYS_REJECTED, message);
  }

  /** What went wrong, which decides the status. */
  ApiError error() {
    return error;
  }
}
