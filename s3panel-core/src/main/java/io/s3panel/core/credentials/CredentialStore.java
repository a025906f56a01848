package io.s3panel.core.credentials;

import io.s3panel.core.ConflictException;
import io.s3panel.core.NotFoundException;
import java.util.List;
import java.util.Optional;

/**
 * Storage SPI for sealed credential sets. Implementations persist {@link SealedCredential} values as
 * given; they never see plaintext.
 *
 * <p>Guarantees every implementation must give: identifiers are unique per owner (different owners may
 * use the same identifier); {@link #update} is atomic and conditional on the version; {@link #list} is
 * ordered oldest first. Implementations must be safe for concurrent use. {@link InMemoryCredentialStore}
 * is a complete implementation for tests and single-process use; {@link CachingCredentialStore} puts a
 * TTL-bounded row cache in front of any implementation.
 */
public interface CredentialStore {

  /**
   * Stores a new set.
   *
   * @throws ConflictException if the owner already has a set with this identifier
   */
  void create(SealedCredential credential);

  /** The set named by {@code ref}, if the owner has it. */
  Optional<SealedCredential> find(CredentialRef ref);

  /** All sets of {@code owner}, oldest first (by creation time, then identifier); empty if none. */
  List<SealedCredential> list(String owner);

  /** The owner's oldest set, if any. The default calls {@link #list}; stores may do better. */
  default Optional<SealedCredential> oldest(String owner) {
    return list(owner).stream().findFirst();
  }

  /**
   * Replaces a stored set if its stored version still equals {@code expectedVersion}.
   * {@code replacement.version()} must be greater than {@code expectedVersion}.
   *
   * @throws NotFoundException if the set does not exist
   * @throws ConflictException if the stored version differs (someone else changed it)
   */
  void update(SealedCredential replacement, long expectedVersion);

  /** Deletes the set; returns whether it existed. */
  boolean delete(CredentialRef ref);

  /** Every stored set's name, in no particular order; used by key rotation to re-encrypt everything. */
  List<CredentialRef> listAllRefs();
}
