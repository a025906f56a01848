package io.s3panel.server.auth;

import io.s3panel.core.ValidationException;
import io.s3panel.server.config.S3PanelConfig;
import io.s3panel.server.persistence.LoginThrottle;
import io.s3panel.server.persistence.LoginThrottleRepository;
import io.s3panel.server.persistence.RefreshFamily;
import io.s3panel.server.persistence.RefreshFamilyRepository;
import io.s3panel.server.persistence.User;
import io.s3panel.server.persistence.UserRepository;
import io.s3panel.server.web.ApiException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration, login with per-account throttling, refresh-token rotation with reuse detection, password
 * change and account deletion (SECURITY.md items 6–14).
 */
@Singleton
public final class AuthService {
  private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
  private static final int MAX_USERNAME = 150;

  private final UserRepository users;
  private final RefreshFamilyRepository families;
  private final LoginThrottleRepository throttles;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final TokenService tokens;
  private final S3PanelConfig config;
  private final Clock clock;

  AuthService(UserRepository users, RefreshFamilyRepository families, LoginThrottleRepository throttles,
      PasswordHasher hasher, PasswordPolicy policy, TokenService tokens, S3PanelConfig config, Clock clock) {
    this.users = users;
    this.families = families;
    this.throttles = throttles;
    this.hasher = hasher;
    this.policy = policy;
    this.tokens = tokens;
    this.config = config;
    this.clock = clock;
  }

  /** Registers a user; 400 with fields on bad input, 409 when the name is taken (ignoring case). */
  public void register(String username, String password) {
    ValidationException.Collector errors = new ValidationException.Collector();
    policy.usernameProblems(username).forEach(m -> errors.add("username", m));
    policy.passwordProblems(password, username).forEach(m -> errors.add("password", m));
    errors.throwIfAny();
    users.insert(User.newUser(username, hasher.hash(password), clock.instant()));
    LOG.info("Registered a new user.");
  }

  /**
   * Checks the password and starts a new token family. Unknown users and wrong passwords get the same
   * answer after the same work (a dummy hash is verified). Too many failures for one account, from any
   * address, block it for the configured window.
   */
  public TokenPair login(String username, String password) {
    Instant now = clock.instant();
    if (username.length() > MAX_USERNAME || password.length() > PasswordPolicy.MAX_PASSWORD
        || User.lower(username).length() > MAX_USERNAME) {
      hasher.verifyDummy(password.length() > PasswordPolicy.MAX_PASSWORD ? "" : password);
      throw ApiException.invalidCredentials();
    }
    String lower = User.lower(username);
    Optional<LoginThrottle> throttle = throttles.findById(lower);
    if (throttle.isPresent() && throttle.get().isBlocked(now)) {
      throw ApiException.rateLimited(Duration.between(now, throttle.get().blockedUntil()));
    }
    Optional<User> user = users.findByUsernameLower(lower);
    boolean ok = user.isPresent() ? hasher.verify(password, user.get().passwordHash()) : hasher.verifyDummy(password);
    if (!ok) {
      LoginThrottle after = throttles.recordFailure(lower, now, now.minus(config.loginWindow()));
      if (after.failures() >= config.loginMaxFailures()) {
        throttles.block(lower, now.plus(config.loginWindow()));
        LOG.warn("Login blocked for an account after {} failures.", after.failures());
      }
      throw ApiException.invalidCredentials();
    }
    User u = user.get();
    if (throttle.isPresent()) {
      throttles.deleteById(lower);
    }
    if (hasher.needsRehash(u.passwordHash())) {
      users.updatePassword(u.id(), hasher.hash(password), u.passwordChangedAt());
    }
    String familyId = tokens.newId();
    String jti = tokens.newId();
    Instant familyExpires = now.plus(config.refreshFamilyMaxLifetime());
    families.save(RefreshFamily.start(familyId, u.id(), jti, now, familyExpires));
    return new TokenPair(tokens.accessToken(u.id()), tokens.refreshToken(u.id(), familyId, jti, familyExpires));
  }

  /**
   * Rotates a refresh token: the presented one dies and a new pair is returned. Presenting a token that
   * was already rotated revokes its whole family. Anything else invalid: 401 {@code token_not_valid}.
   */
  public TokenPair refresh(String refreshToken) {
    TokenService.RefreshClaims claims = tokens.parseRefresh(refreshToken).orElseThrow(ApiException::tokenNotValid);
    Instant now = clock.instant();
    String nextJti = tokens.newId();
    if (families.rotate(claims.familyId(), claims.jti(), nextJti, now) == 1) {
      RefreshFamily family = families.findById(claims.familyId()).orElseThrow(ApiException::tokenNotValid);
      return new TokenPair(tokens.accessToken(claims.userId()),
          tokens.refreshToken(claims.userId(), family.id(), nextJti, family.absoluteExpiresAt()));
    }
    families.findById(claims.familyId()).ifPresent(f -> {
      if (f.revokedAt() == null && !f.currentJti().equals(claims.jti())) {
        families.revoke(f.id(), "reuse", now);
        LOG.warn("A rotated refresh token was presented again; its family is revoked.");
      }
    });
    throw ApiException.tokenNotValid();
  }

  /** Changes the caller's password and revokes every refresh token of theirs. */
  public void changePassword(long userId, String currentPassword, String newPassword) {
    User u = users.findById(userId).orElseThrow(ApiException::tokenNotValid);
    if (!hasher.verify(currentPassword, u.passwordHash())) {
      throw new ValidationException("current_password", "The current password is not correct.");
    }
    List<String> problems = policy.passwordProblems(newPassword, u.username());
    if (!problems.isEmpty()) {
      throw new ValidationException(java.util.Map.of("new_password", problems));
    }
    Instant now = clock.instant();
    users.updatePassword(userId, hasher.hash(newPassword), now);
    families.revokeAllOfUser(userId, "password_change", now);
  }

  /** Deletes the caller's account, their credential sets, tasks and tokens. */
  public void deleteAccount(long userId, String password) {
    User u = users.findById(userId).orElseThrow(ApiException::tokenNotValid);
    if (!hasher.verify(password, u.passwordHash())) {
      throw new ValidationException("password", "The password is not correct.");
    }
    families.revokeAllOfUser(userId, "account_deleted", clock.instant());
    users.deleteById(userId);
    LOG.info("Deleted a user account.");
  }

  /**
   * An access and a refresh token.
   *
   * @param access the access token
   * @param refresh the refresh token
   */
  public record TokenPair(String access, String refresh) {
    @Override
    public String toString() {
      return "TokenPair{***}";
    }
  }
}
