package io.s3panel.core.vault;

/** The sealed fields of a credential set; each field's name is bound into its ciphertext. */
public enum CredentialField {
  /** The access key id. */
  ACCESS_KEY_ID("access_key_id"),
  /** The secret access key. */
  SECRET_ACCESS_KEY("secret_access_key"),
  /** The session token of temporary credentials. */
  SESSION_TOKEN("session_token");

  private final String label;

  CredentialField(String label) {
    this.label = label;
  }

  /** The stable name bound into associated data; never changes. */
  public String label() {
    return label;
  }
}
