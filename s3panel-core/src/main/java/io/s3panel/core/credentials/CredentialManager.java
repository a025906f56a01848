package io.s3panel.core.credentials;

import io.s3panel.core.ConflictException;
import io.s3panel.core.InvalidCredentialsException;
import io.s3panel.core.NotFoundException;
import io.s3panel.core.ValidationException;
import java.util.List;

/**
 * Adds, lists, changes and deletes an owner's credential sets: checks custom endpoints against the
 * endpoint policy, checks keys against S3 with a real call, seals, stores, and drops cached clients when
 * a set changes. Obtain one from {@code S3Panel.credentials()}. Thread-safe.
 *
 * <pre>{@code
 * panel.credentials().add("alice", "prod", set);
 * panel.credentials().list("alice").forEach(s -> System.out.println(s.identifier() + " " + s.maskedAccessKeyId()));
 * }</pre>
 */
public interface CredentialManager {
  /**
   * Validates {@code set} against S3, then stores it sealed.
   *
   * @throws ValidationException for a bad identifier or a refused endpoint ({@code endpoint})
   * @throws InvalidCredentialsException if S3 rejects the key; nothing is stored
   * @throws ConflictException if the owner already has this identifier
   */
  CredentialSummary add(String owner, String identifier, CredentialSet set);

  /**
   * Changes a stored set; re-validates against S3 when the key, secret, token, region or endpoint changes.
   *
   * @throws NotFoundException if the owner has no such set
   * @throws ConflictException if it was changed concurrently
   */
  CredentialSummary update(String owner, String identifier, CredentialUpdate update);

  /**
   * Deletes a stored set and drops its cached client.
   *
   * @throws NotFoundException if the owner has no such set
   */
  void delete(String owner, String identifier);

  /**
   * Forgets everything cached for {@code owner}: their S3 clients (which hold decrypted keys) and, when
   * the store is a {@link CachingCredentialStore}, their cached rows. Call it after the owner's sets were
   * deleted around this manager, e.g. by deleting the owner's account in the database.
   */
  void forgetOwner(String owner);

  /** The owner's sets, masked, oldest first. A set that no longer decrypts is listed as unreadable. */
  List<CredentialSummary> list(String owner);

  /**
   * One set, masked.
   *
   * @throws NotFoundException if the owner has no such set
   */
  CredentialSummary get(String owner, String identifier);
}
