package io.s3panel.server.persistence;

import io.micronaut.data.exceptions.DataAccessException;
import io.s3panel.core.ConflictException;
import io.s3panel.core.NotFoundException;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.CredentialStore;
import io.s3panel.core.credentials.SealedCredential;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@link CredentialStore} over the {@code credential_sets} table. {@link CredentialRef#owner()} is the
 * owning user's id as a decimal string; an owner that is not such an id owns nothing.
 *
 * <p>Uniqueness per owner is the table's unique constraint and {@link #update} is one conditional
 * {@code UPDATE}, so concurrent callers on several server instances get the guarantees of the SPI.
 * Each call runs in its own transaction. The server's {@code S3Panel} reads it through a
 * {@link io.s3panel.core.credentials.CachingCredentialStore} ({@code S3PANEL_CREDENTIAL_CACHE_TTL}); the
 * {@code rotate-keys} command uses it directly.
 */
@Singleton
public final class JdbcCredentialStore implements CredentialStore {
  private final CredentialSetRepository rows;

  JdbcCredentialStore(CredentialSetRepository rows) {
    this.rows = rows;
  }

  /**
   * {@inheritDoc}
   *
   * @throws NotFoundException if the owner is not an existing user
   */
  @Override
  public void create(SealedCredential credential) {
    long owner = ownerId(credential.owner()).orElseThrow(() -> noSuchOwner());
    try {
      rows.save(new CredentialSetRow(
          null,
          owner,
          credential.identifier(),
          credential.sealedAccessKeyId(),
          credential.sealedSecretAccessKey(),
          credential.sealedSessionToken(),
          credential.region(),
          credential.endpoint(),
          credential.pathStyle(),
          credential.createdAt(),
          credential.updatedAt(),
          credential.version()));
    } catch (DataAccessException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw new ConflictException(
            "A credential set named '" + credential.identifier() + "' already exists.", e);
      }
      if (SqlErrors.isForeignKeyViolation(e)) {
        throw noSuchOwner();
      }
      throw e;
    }
  }

  @Override
  public Optional<SealedCredential> find(CredentialRef ref) {
    OptionalLong owner = ownerId(ref.owner());
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    return rows.findByOwnerIdAndIdentifier(owner.getAsLong(), ref.identifier()).map(row -> toSealed(ref.owner(), row));
  }

  @Override
  public List<SealedCredential> list(String owner) {
    OptionalLong id = ownerId(owner);
    if (id.isEmpty()) {
      return List.of();
    }
    return rows.listOldestFirst(id.getAsLong()).stream().map(row -> toSealed(owner, row)).toList();
  }

  /** The owner's oldest set, read with one {@code LIMIT 1} query. */
  @Override
  public Optional<SealedCredential> oldest(String owner) {
    OptionalLong id = ownerId(owner);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    return rows.findOldest(id.getAsLong()).map(row -> toSealed(owner, row));
  }

  @Override
  public void update(SealedCredential replacement, long expectedVersion) {
    if (replacement.version() <= expectedVersion) {
      throw new IllegalArgumentException("replacement.version() must be greater than expectedVersion");
    }
    OptionalLong owner = ownerId(replacement.owner());
    if (owner.isEmpty()) {
      throw notFound(replacement.identifier());
    }
    int changed = rows.updateIfVersion(
        owner.getAsLong(),
        replacement.identifier(),
        expectedVersion,
        replacement.sealedAccessKeyId(),
        replacement.sealedSecretAccessKey(),
        replacement.sealedSessionToken(),
        replacement.region(),
        replacement.endpoint(),
        replacement.pathStyle(),
        replacement.updatedAt(),
        replacement.version());
    if (changed == 0) {
      // The update did not apply; tell "gone" from "changed meanwhile". A delete racing this read can
      // only turn a conflict into a not-found, which is also true by the time the caller sees it.
      if (!rows.existsByOwnerIdAndIdentifier(owner.getAsLong(), replacement.identifier())) {
        throw notFound(replacement.identifier());
      }
      throw new ConflictException(
          "The credential set '" + replacement.identifier() + "' was changed meanwhile; try again.");
    }
  }

  @Override
  public boolean delete(CredentialRef ref) {
    OptionalLong owner = ownerId(ref.owner());
    return owner.isPresent() && rows.deleteByOwnerIdAndIdentifier(owner.getAsLong(), ref.identifier()) > 0;
  }

  @Override
  public List<CredentialRef> listAllRefs() {
    return rows.listRefs().stream()
        .map(r -> new CredentialRef(Long.toString(r.ownerId()), r.identifier()))
        .toList();
  }

  @Override
  public String toString() {
    return "JdbcCredentialStore";
  }

  private static SealedCredential toSealed(String owner, CredentialSetRow row) {
    return new SealedCredential(
        new CredentialRef(owner, row.identifier()),
        row.sealedAccessKeyId(),
        row.sealedSecretAccessKey(),
        row.sealedSessionToken(),
        row.region(),
        row.endpointUrl(),
        row.pathStyle(),
        row.createdAt(),
        row.updatedAt(),
        row.version());
  }

  /** The user id named by {@code owner}, or empty when it is not a canonical positive decimal id. */
  private static OptionalLong ownerId(String owner) {
    if (owner.isEmpty() || owner.length() > 19 || owner.charAt(0) == '0') {
      return OptionalLong.empty();
    }
    for (int i = 0; i < owner.length(); i++) {
      char c = owner.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
    }
    try {
      return OptionalLong.of(Long.parseLong(owner));
    } catch (NumberFormatException tooLarge) {
      return OptionalLong.empty();
    }
  }

  private static NotFoundException notFound(String identifier) {
    return new NotFoundException("No credential set named '" + identifier + "'.");
  }

  private static NotFoundException noSuchOwner() {
    return new NotFoundException("The owner of the credential set does not exist.");
  }
}
