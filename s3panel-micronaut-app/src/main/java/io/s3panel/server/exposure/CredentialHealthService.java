package io.s3panel.server.exposure;

import io.s3panel.core.CredentialUnreadableException;
import io.s3panel.core.ErrorCode;
import io.s3panel.core.NotFoundException;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.exposure.CredentialHealth;
import io.s3panel.server.persistence.CredentialHealthRepository;
import io.s3panel.server.persistence.LastHealth;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** Checks a credential set's keys now and records the outcome; reads the last recorded outcome of each set. */
@Singleton
public final class CredentialHealthService {
  private final S3Panel panel;
  private final CredentialHealthRepository health;

  CredentialHealthService(S3Panel panel, CredentialHealthRepository health) {
    this.panel = panel;
    this.health = health;
  }

  /**
   * Checks the caller's set {@code identifier} with the same call as on add, records the outcome (ok, code,
   * time, latency; never a message or a secret) and returns it. A set that no longer decrypts, or whose
   * endpoint the endpoint policy no longer allows, is failing with that code.
   *
   * @throws NotFoundException if the caller has no such set
   */
  public CredentialHealth check(long userId, String identifier) {
    String owner = Long.toString(userId);
    String set = panel.credentials().get(owner, identifier).identifier();
    CredentialHealth h;
    Instant started = Instant.now();
    try (S3Account account = panel.account(owner, set)) {
      h = account.exposure().health();
    } catch (CredentialUnreadableException e) {
      h = unusable(started, ErrorCode.CREDENTIAL_UNREADABLE, e.getMessage());
    } catch (S3PanelException e) {
      if (e.code() != ErrorCode.ENDPOINT_NOT_ALLOWED) {
        throw e;
      }
      h = unusable(started, e.code(), e.getMessage());
    }
    // Stored and answered to the microsecond, the precision of a database timestamp.
    CredentialHealth recorded = new CredentialHealth(h.ok(), h.checkedAt().truncatedTo(ChronoUnit.MICROS),
        h.latencyMillis(), h.code(), h.message(), h.buckets(), h.keyAgeDays(), h.lastUsed(), h.lastUsedService(),
        h.keyInfoNote());
    health.record(userId, set, recorded.ok(), recorded.code() == null ? null : recorded.code().code(),
        recorded.checkedAt(), recorded.latencyMillis());
    return recorded;
  }

  private static CredentialHealth unusable(Instant started, ErrorCode code, String message) {
    long millis = Duration.between(started, Instant.now()).toMillis();
    return new CredentialHealth(false, started, millis, code, message, null, null, null, null,
        "The set could not be used, so its key was not looked up.");
  }

  /** The last recorded check of each of the user's sets not changed since, by identifier. */
  public Map<String, LastHealth> lastChecks(long userId) {
    Map<String, LastHealth> out = new LinkedHashMap<>();
    for (LastHealth h : health.listByOwner(userId)) {
      out.put(h.identifier(), h);
    }
    return out;
  }
}
