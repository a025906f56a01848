package io.s3panel.core;

/** A stored credential set failed to decrypt: wrong key, tampered, or moved to another row or field. Code {@link ErrorCode#CREDENTIAL_UNREADABLE}. */
public class CredentialUnreadableException extends S3PanelException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a human-readable message. */
  public CredentialUnreadableException(String message) {
    super(ErrorCode.CREDENTIAL_UNREADABLE, message);
  }

  /** Creates the exception with a human-readable message and a cause. */
  public CredentialUnreadableException(String message, Throwable cause) {
    super(ErrorCode.CREDENTIAL_UNREADABLE, message, cause);
  }
}
