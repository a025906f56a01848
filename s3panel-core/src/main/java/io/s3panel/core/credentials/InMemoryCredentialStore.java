package io.s3panel.core.credentials;

import io.s3panel.core.ConflictException;
import io.s3panel.core.NotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link CredentialStore} that keeps everything in memory. For tests, examples and
 * single-process tools; nothing survives the process.
 */
public final class InMemoryCredentialStore implements CredentialStore {
  static final Comparator<SealedCredential> OLDEST_FIRST =
      Comparator.comparing(SealedCredential::createdAt).thenComparing(SealedCredential::identifier);

  private final Map<CredentialRef, SealedCredential> rows = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryCredentialStore() {}

  @Override
  public void create(SealedCredential credential) {
    if (rows.putIfAbsent(credential.ref(), credential) != null) {
      throw new ConflictException("A credential set named '" + credential.identifier() + "' already exists.");
    }
  }

  @Override
  public Optional<SealedCredential> find(CredentialRef ref) {
    return Optional.ofNullable(rows.get(ref));
  }

  @Override
  public List<SealedCredential> list(String owner) {
    List<SealedCredential> out = new ArrayList<>();
    for (SealedCredential c : rows.values()) {
      if (c.owner().equals(owner)) {
        out.add(c);
      }
    }
    out.sort(OLDEST_FIRST);
    return out;
  }

  @Override
  public void update(SealedCredential replacement, long expectedVersion) {
    if (replacement.version() <= expectedVersion) {
      throw new IllegalArgumentException("replacement.version() must be greater than expectedVersion");
    }
    boolean[] found = {false};
    boolean[] replaced = {false};
    rows.computeIfPresent(replacement.ref(), (ref, current) -> {
      found[0] = true;
      if (current.version() != expectedVersion) {
        return current;
      }
      replaced[0] = true;
      return replacement;
    });
    if (!found[0]) {
      throw new NotFoundException("No credential set named '" + replacement.identifier() + "'.");
    }
    if (!replaced[0]) {
      throw new ConflictException("The credential set '" + replacement.identifier() + "' was changed meanwhile; try again.");
    }
  }

  @Override
  public boolean delete(CredentialRef ref) {
    return rows.remove(ref) != null;
  }

  @Override
  public List<CredentialRef> listAllRefs() {
    return List.copyOf(rows.keySet());
  }

  /** How many sets are stored. */
  public int size() {
    return rows.size();
  }

  @Override
  public String toString() {
    return "InMemoryCredentialStore{" + rows.size() + " sets}";
  }
}
