package io.s3panel.server.auth;

import io.micronaut.scheduling.annotation.Scheduled;
import io.s3panel.server.config.LimitsConfig;
import io.s3panel.server.config.S3PanelConfig;
import io.s3panel.server.persistence.LoginThrottleRepository;
import io.s3panel.server.persistence.RefreshFamilyRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what no longer matters, every {@code s3panel.limits.purge-interval} (SECURITY.md item 28): throttle
 * rows whose window is over, refresh-token families past their absolute lifetime or revoked longer than
 * {@code revoked-family-retention} ago, and expired in-memory address windows. Each deletion is one
 * idempotent statement, so several servers sharing a database may run it at once.
 */
@Singleton
public final class AuthHousekeeping {
  private static final Logger LOG = LoggerFactory.getLogger(AuthHousekeeping.class);

  private final LoginThrottleRepository throttles;
  private final RefreshFamilyRepository families;
  private final ClientLimiter limiter;
  private final S3PanelConfig config;
  private final LimitsConfig limits;
  private final Clock clock;

  AuthHousekeeping(LoginThrottleRepository throttles, RefreshFamilyRepository families, ClientLimiter limiter,
      S3PanelConfig config, LimitsConfig limits, Clock clock) {
    this.throttles = throttles;
    this.families = families;
    this.limiter = limiter;
    this.config = config;
    this.limits = limits;
    this.clock = clock;
  }

  /** Runs one purge; failures are logged and retried at the next run. */
  @Scheduled(fixedDelay = "${s3panel.limits.purge-interval:10m}", initialDelay = "${s3panel.limits.purge-interval:10m}")
  public void purge() {
    Instant now = clock.instant();
    limiter.purgeExpired();
    try {
      int throttleRows = throttles.deleteWindowsStartedBy(now.minus(config.loginWindow()));
      int expired = families.deleteExpiredBefore(now);
      int revoked = families.deleteRevokedBefore(now.minus(limits.revokedFamilyRetention()));
      if (throttleRows + expired + revoked > 0) {
        LOG.debug("Purged {} login throttle row(s), {} expired and {} revoked refresh-token families.",
            throttleRows, expired, revoked);
      }
    } catch (RuntimeException e) {
      LOG.warn("The login and token purge failed; it runs again later: {}", e.getMessage());
    }
  }
}
