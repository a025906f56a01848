package io.s3panel.core.credentials;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A credential set as it is stored: the access key id, the secret and the optional session token are
 * ciphertexts (see {@code io.s3panel.core.vault.Vault}); everything else is in clear.
 *
 * <p>Immutable: byte arrays are copied in and out. {@link #toString()} shows ciphertext lengths only.
 * {@code version} changes on every update; caches key on it.
 *
 * @param ref owner and identifier
 * @param sealedAccessKeyId ciphertext of the access key id
 * @param sealedSecretAccessKey ciphertext of the secret access key
 * @param sealedSessionToken ciphertext of the session token, or {@code null} when there is none
 * @param region signing region
 * @param endpoint endpoint URL of an S3-compatible service, or {@code null} for AWS
 * @param pathStyle path-style addressing
 * @param createdAt when the set was added
 * @param updatedAt when the set last changed
 * @param version starts at 1, grows by at least 1 on every update
 */
public record SealedCredential(
    CredentialRef ref,
    byte[] sealedAccessKeyId,
    byte[] sealedSecretAccessKey,
    byte[] sealedSessionToken,
    String region,
    String endpoint,
    boolean pathStyle,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  /** Copies the arrays and checks required fields. */
  public SealedCredential {
    Objects.requireNonNull(ref, "ref");
    sealedAccessKeyId = Objects.requireNonNull(sealedAccessKeyId, "sealedAccessKeyId").clone();
    sealedSecretAccessKey = Objects.requireNonNull(sealedSecretAccessKey, "sealedSecretAccessKey").clone();
    sealedSessionToken = sealedSessionToken == null ? null : sealedSessionToken.clone();
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1");
    }
  }

  /** A copy of the access key id ciphertext. */
  @Override
  public byte[] sealedAccessKeyId() {
    return sealedAccessKeyId.clone();
  }

  /** A copy of the secret access key ciphertext. */
  @Override
  public byte[] sealedSecretAccessKey() {
    return sealedSecretAccessKey.clone();
  }

  /** A copy of the session token ciphertext, or {@code null}. */
  @Override
  public byte[] sealedSessionToken() {
    return sealedSessionToken == null ? null : sealedSessionToken.clone();
  }

  /** The endpoint, if this set addresses an S3-compatible service. */
  public Optional<String> endpointUrl() {
    return Optional.ofNullable(endpoint);
  }

  /** The owner's user id. */
  public String owner() {
    return ref.owner();
  }

  /** The owner's identifier for this set. */
  public String identifier() {
    return ref.identifier();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SealedCredential)) {
      return false;
    }
    SealedCredential other = (SealedCredential) o;
    return ref.equals(other.ref)
        && Arrays.equals(sealedAccessKeyId, other.sealedAccessKeyId)
        && Arrays.equals(sealedSecretAccessKey, other.sealedSecretAccessKey)
        && Arrays.equals(sealedSessionToken, other.sealedSessionToken)
        && region.equals(other.region)
        && Objects.equals(endpoint, other.endpoint)
        && pathStyle == other.pathStyle
        && createdAt.equals(other.createdAt)
        && updatedAt.equals(other.updatedAt)
        && version == other.version;
  }

  @Override
  public int hashCode() {
    return Objects.hash(ref, version);
  }

  /** Names the set and its clear fields; ciphertexts appear only as their lengths. */
  @Override
  public String toString() {
    return "SealedCredential{" + ref.owner() + "/" + ref.identifier()
        + ", sealedAccessKeyId=" + sealedAccessKeyId.length + " bytes"
        + ", sealedSecretAccessKey=" + sealedSecretAccessKey.length + " bytes"
        + ", sealedSessionToken=" + (sealedSessionToken == null ? "none" : sealedSessionToken.length + " bytes")
        + ", region=" + region + ", endpoint=" + (endpoint == null ? "aws" : endpoint)
        + ", pathStyle=" + pathStyle + ", version=" + version + '}';
  }
}
