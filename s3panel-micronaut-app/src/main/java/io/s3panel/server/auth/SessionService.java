package io.s3panel.server.auth;

import io.s3panel.server.config.S3PanelConfig;
import io.s3panel.server.persistence.RefreshFamilyRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The browser session of the served interface: the same login and refresh as {@link AuthService}, plus
 * ending a session by revoking its refresh-token family.
 */
@Singleton
public final class SessionService {
  private final AuthService auth;
  private final TokenService tokens;
  private final RefreshFamilyRepository families;
  private final S3PanelConfig config;
  private final Clock clock;

  SessionService(AuthService auth, TokenService tokens, RefreshFamilyRepository families, S3PanelConfig config,
      Clock clock) {
    this.auth = auth;
    this.tokens = tokens;
    this.families = families;
    this.config = config;
    this.clock = clock;
  }

  /** Logs in through {@link AuthService#login}, with the same per-address limits as {@code /api/login}. */
  public AuthService.TokenPair login(String username, String password, java.net.InetAddress client) {
    return auth.login(username, password, client);
  }

  /** Rotates the refresh token through {@link AuthService#refresh}. */
  public AuthService.TokenPair refresh(String refreshToken) {
    return auth.refresh(refreshToken);
  }

  /** Revokes the family of a refresh token, if it is a valid one; anything else is ignored. */
  public void logout(String refreshToken) {
    tokens.parseRefresh(refreshToken).ifPresent(c -> families.revoke(c.familyId(), "logout", clock.instant()));
  }

  /** How long an access token lives. */
  public Duration accessTokenTtl() {
    return config.accessTokenTtl();
  }

  /** How long a refresh token lives (the cookie's max age). */
  public Duration refreshTokenTtl() {
    return config.refreshTokenTtl();
  }

  @Override
  public String toString() {
    return "SessionService";
  }
}
