package io.s3panel.core;

import java.util.Objects;

/**
 * Root of every exception the library throws. Unchecked; each subclass carries a stable {@link ErrorCode}.
 *
 * <p>Guarantee: messages are written for a person and never contain a secret (secret access key,
 * session token, unmasked access key id, ciphertext). Causes from the AWS SDK are kept for
 * diagnosis, but their messages are not copied into ours.
 */
public class S3PanelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /** Creates an exception with a code and a human-readable message. */
  public S3PanelException(ErrorCode code, String message) {
    this(code, message, null);
  }

  /** Creates an exception with a code, a human-readable message and a cause. */
  public S3PanelException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** The stable code of this failure. */
  public ErrorCode code() {
    return code;
  }
}
