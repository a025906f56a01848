package io.s3panel.core.internal;

import io.s3panel.core.CredentialUnreadableException;
import io.s3panel.core.EndpointNotAllowedException;
import io.s3panel.core.S3UnreachableException;
import io.s3panel.core.ValidationException;
import io.s3panel.core.NotFoundException;
import io.s3panel.core.connect.ConnectionCache;
import io.s3panel.core.connect.EndpointPolicy;
import io.s3panel.core.credentials.CachingCredentialStore;
import io.s3panel.core.credentials.CredentialManager;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.credentials.CredentialStore;
import io.s3panel.core.credentials.CredentialSummary;
import io.s3panel.core.credentials.CredentialUpdate;
import io.s3panel.core.credentials.SealedCredential;
import io.s3panel.core.vault.Vault;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** {@link CredentialManager} over a store, a vault (swappable for key rotation) and a connection cache. */
public final class DefaultCredentialManager implements CredentialManager {
  private final CredentialStore store;
  private final Supplier<Vault> vault;
  private final ConnectionCache connections;
  private final EndpointPolicy policy;
  private final URI defaultEndpoint;
  private final boolean defaultPathStyle;
  private final Clock clock;

  /** Wires the manager; {@code defaultEndpoint} may be {@code null} (AWS). */
  public DefaultCredentialManager(CredentialStore store, Supplier<Vault> vault, ConnectionCache connections,
      EndpointPolicy policy, URI defaultEndpoint, boolean defaultPathStyle, Clock clock) {
    this.store = store;
    this.vault = vault;
    this.connections = connections;
    this.policy = policy.trusting(defaultEndpoint);
    this.defaultEndpoint = defaultEndpoint;
    this.defaultPathStyle = defaultPathStyle;
    this.clock = clock;
  }

  @Override
  public CredentialSummary add(String owner, String identifier, CredentialSet set) {
    CredentialRef ref = new CredentialRef(owner, identifier);
    CredentialSet effective = set;
    if (set.endpoint().isEmpty() && defaultEndpoint != null) {
      effective = set.toBuilder().endpoint(defaultEndpoint).pathStyle(defaultPathStyle).build();
    }
    checkEndpoint(effective);
    if (store.find(ref).isPresent()) {
      throw new io.s3panel.core.ConflictException("You already have a credential set named '" + identifier + "'.");
    }
    connections.validate(effective);
    Instant now = clock.instant();
    SealedCredential sealed = vault.get().seal(ref, effective, now, now, 1);
    store.create(sealed);
    return summary(sealed, effective);
  }

  @Override
  public CredentialSummary update(String owner, String identifier, CredentialUpdate update) {
    CredentialRef ref = refOrNotFound(owner, identifier);
    SealedCredential current = store.find(ref).orElseThrow(() -> notFound(identifier));
    CredentialSet plain = vault.get().open(current);
    CredentialSet next = update.applyTo(plain);
    if (Objects.equals(next.endpoint(), plain.endpoint())) {
      stillAllowed(identifier, plain);
    } else {
      checkEndpoint(next);
    }
    if (next.equals(plain)) {
      return summary(current, plain);
    }
    connections.validate(next);
    SealedCredential sealed = vault.get().seal(ref, next, current.createdAt(), clock.instant(), current.version() + 1);
    store.update(sealed, current.version());
    connections.invalidate(ref);
    return summary(sealed, next);
  }

  @Override
  public void delete(String owner, String identifier) {
    CredentialRef ref = refOrNotFound(owner, identifier);
    if (!store.delete(ref)) {
      throw notFound(identifier);
    }
    connections.invalidate(ref);
  }

  @Override
  public void forgetOwner(String owner) {
    Objects.requireNonNull(owner, "owner");
    if (store instanceof CachingCredentialStore cache) {
      cache.invalidateOwner(owner);
    }
    connections.invalidateOwner(owner);
  }

  @Override
  public List<CredentialSummary> list(String owner) {
    List<SealedCredential> rows = store.list(owner);
    List<CredentialSummary> out = new ArrayList<>(rows.size());
    Vault v = vault.get();
    for (SealedCredential row : rows) {
      out.add(summarize(v, row));
    }
    return out;
  }

  @Override
  public CredentialSummary get(String owner, String identifier) {
    CredentialRef ref = refOrNotFound(owner, identifier);
    return summarize(vault.get(), store.find(ref).orElseThrow(() -> notFound(identifier)));
  }

  /** Opens a set for use; see {@code S3Panel.account}. */
  public SealedCredential resolve(String owner, String identifier) {
    if (identifier == null || identifier.isEmpty()) {
      return store.oldest(owner).orElseThrow(() -> new NotFoundException(
          "You have no AWS credential sets yet. Add one first."));
    }
    return store.find(refOrNotFound(owner, identifier)).orElseThrow(() -> notFound(identifier));
  }

  private void checkEndpoint(CredentialSet set) {
    set.endpoint().ifPresent(policy::check);
  }

  /** A stored set keeps its endpoint through an update only while the policy still allows it. */
  private void stillAllowed(String identifier, CredentialSet stored) {
    try {
      checkEndpoint(stored);
    } catch (EndpointPolicy.HostUnresolvedException e) {
      throw new S3UnreachableException("The S3 endpoint's host name cannot be resolved.", e);
    } catch (ValidationException e) {
      throw EndpointNotAllowedException.forSet(identifier);
    }
  }

  private static CredentialRef refOrNotFound(String owner, String identifier) {
    if (!CredentialRef.isValidIdentifier(identifier)) {
      throw new NotFoundException("No AWS credential set with that identifier.");
    }
    return new CredentialRef(owner, identifier);
  }

  private static NotFoundException notFound(String identifier) {
    return new NotFoundException("No AWS credential set named '" + identifier + "'.");
  }

  private static CredentialSummary summarize(Vault vault, SealedCredential row) {
    try {
      return summary(row, vault.open(row));
    } catch (CredentialUnreadableException e) {
      return new CredentialSummary(row.identifier(), null, null, row.region(), row.endpoint(), row.pathStyle(),
          row.sealedSessionToken() != null, row.createdAt(), row.updatedAt(), row.version(), false);
    }
  }

  private static CredentialSummary summary(SealedCredential row, CredentialSet set) {
    return new CredentialSummary(row.identifier(), set.maskedAccessKeyId(), set.maskedSecretAccessKey(),
        row.region(), row.endpoint(), row.pathStyle(), set.sessionToken().isPresent(), row.createdAt(),
        row.updatedAt(), row.version(), true);
  }
}
