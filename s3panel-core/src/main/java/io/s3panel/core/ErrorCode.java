package io.s3panel.core;

/**
 * Stable, machine-readable codes carried by every {@link S3PanelException}.
 *
 * <p>The {@link #code()} strings are part of the public contract (they appear in the HTTP API's error
 * body) and never change once released.
 */
public enum ErrorCode {
  /** Input failed validation; the exception names the offending fields. */
  VALIDATION_FAILED("validation_failed"),
  /** The named credential set, bucket, object or task does not exist for the caller. */
  NOT_FOUND("not_found"),
  /** The thing already exists or was changed concurrently. */
  CONFLICT("conflict"),
  /** A stored credential set could not be decrypted (wrong key, tampered or moved ciphertext). */
  CREDENTIAL_UNREADABLE("credential_unreadable"),
  /** S3 refused the operation for these credentials (AccessDenied). */
  AWS_ACCESS_DENIED("aws_access_denied"),
  /** The bucket does not exist. */
  AWS_NO_SUCH_BUCKET("aws_no_such_bucket"),
  /** The object does not exist. */
  AWS_NO_SUCH_KEY("aws_no_such_key"),
  /** S3 rejected the access key or the signature. */
  AWS_INVALID_CREDENTIALS("aws_invalid_credentials"),
  /** The S3 endpoint could not be reached or answered with a server error. */
  AWS_UNREACHABLE("aws_unreachable"),
  /** The S3 endpoint did not answer within the configured timeout. */
  AWS_TIMEOUT("aws_timeout"),
  /** The operation was cancelled by its caller. */
  CANCELLED("cancelled"),
  /** Anything else; a bug or an unexpected answer. */
  INTERNAL("internal");

  private final String code;

  ErrorCode(String code) {
    this.code = code;
  }

  /** The stable snake_case code, e.g. {@code aws_no_such_key}. */
  public String code() {
    return code;
  }
}
