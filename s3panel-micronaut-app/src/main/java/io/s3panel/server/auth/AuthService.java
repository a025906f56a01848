package io.s3panel.server.auth;

import io.s3panel.core.S3Panel;
import io.s3panel.core.ValidationException;
import io.s3panel.server.config.S3PanelConfig;
import io.s3panel.server.persistence.LoginThrottleRepository;
import io.s3panel.server.persistence.RefreshFamily;
import io.s3panel.server.persistence.RefreshFamilyRepository;
import io.s3panel.server.persistence.User;
import io.s3panel.server.persistence.UserRepository;
import jakarta.inject.Singleton;
import java.net.InetAddress;
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
  private final ClientLimiter limiter;
  private final PasswordPolicy policy;
  private final TokenService tokens;
  private final S3PanelConfig config;
  private final Clock clock;
  private final S3Panel panel;

  AuthService(UserRepository users, RefreshFamilyRepository families, LoginThrottleRepository throttles,
      PasswordHasher hasher, ClientLimiter limiter, PasswordPolicy policy, TokenService tokens, S3PanelConfig config,
      Clock clock, S3Panel panel) {
    this.panel = panel;
    this.users = users;
    this.families = families;
    this.throttles = throttles;
    this.hasher = hasher;
    this.limiter = limiter;
    this.policy = policy;
    this.tokens = tokens;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Registers a user; 400 with fields on bad input, 409 when the name is taken (ignoring case), 429 when
   * {@code client} made too many registrations lately.
   */
  public void register(String username, String password, InetAddress client) {
    ValidationException.Collector errors = new ValidationException.Collector();
    policy.usernameProblems(username).forEach(m -> errors.add("username", m));
    policy.passwordProblems(password, username).forEach(m -> errors.add("password", m));
    errors.throwIfAny();
    try (ClientLimiter.Permit permit = limiter.admitRegistration(client)) {
      users.insert(User.newUser(username, hasher.hash(password), clock.instant()));
    }
    LOG.info("Registered a new user.");
  }

  /**
   * Checks the password and starts a new token family. Unknown users and wrong passwords get the same
   * answer after the same work (a dummy hash is verified). {@code client} is limited first (attempts per
   * window, places in the hashing queue); then the attempt is counted for the account, atomically and
   * before the password is checked, so at most the configured number are checked per window whatever the
   * concurrency or the number of servers; a success resets the count.
   */
  public TokenPair login(String username, String password, InetAddress client) {
    try (ClientLimiter.Permit permit = limiter.admitLogin(client)) {
      return checkedLogin(username, password);
    }
  }

  private TokenPair checkedLogin(String username, String password) {
    Instant now = clock.instant();
    if (username.length() > MAX_USERNAME || password.length() > PasswordPolicy.MAX_PASSWORD
        || User.lower(username).length() > MAX_USERNAME) {
      hasher.verifyDummy(password.length() > PasswordPolicy.MAX_PASSWORD ? "" : password);
      throw AuthException.invalidCredentials();
    }
    String lower = User.lower(username);
    Optional<User> user = users.findByUsernameLower(lower);
    // Names without an account are counted in memory (no row per invented name) with the same limit.
    Optional<Duration> refused = user.isPresent()
        ? throttles.countAttempt(lower, now, config.loginWindow(), config.loginMaxFailures())
            .map(end -> Duration.between(now, end))
        : limiter.countUnknownName(lower);
    if (refused.isPresent()) {
      LOG.debug("Login refused: too many attempts for one account.");
      throw AuthException.rateLimited(refused.get());
    }
    boolean ok = user.isPresent() ? hasher.verify(password, user.get().passwordHash()) : hasher.verifyDummy(password);
    if (!ok) {
      throw AuthException.invalidCredentials();
    }
    User u = user.get();
    throttles.deleteById(lower);
    if (hasher.needsRehash(u.passwordHash())) {
      users.updatePassword(u.id(), hasher.hash(password), u.passwordChangedAt());
    }
    String familyId = tokens.newId();
    String jti = tokens.newId();
    Instant familyExpires = now.plus(config.refreshFamilyMaxLifetime());
    families.save(RefreshFamily.start(familyId, u.id(), jti, now, familyExpires));
    Instant issued = tokens.issuedNow();
    return new TokenPair(tokens.accessToken(u.id()),
        tokens.refreshToken(u.id(), familyId, jti, issued, tokens.refreshExpiry(issued, familyExpires)));
  }

  /**
   * Rotates a refresh token: the presented one is rotated out and a new pair is returned (SECURITY.md item
   * 12). The rotated token presented again within the grace period answers with the same successor (and a
   * fresh access token), so concurrent refreshes with one token converge on one successor; presented after
   * the grace period, or any older token of the family, it revokes the whole family (reuse detection).
   * Anything else invalid: 401 {@code token_not_valid}.
   *
   * <p>The rotation is one conditional update in the database: of concurrent refreshes with one token, on
   * one server or several sharing the database, exactly one rotates it; the others find it as the family's
   * previous token and re-sign the successor from the stored id, {@code iat} and {@code exp}.
   */
  public TokenPair refresh(String refreshToken) {
    TokenService.RefreshClaims claims = tokens.parseRefresh(refreshToken).orElseThrow(AuthException::tokenNotValid);
    Instant now = clock.instant();
    RefreshFamily family = families.findById(claims.familyId())
        .filter(f -> f.userId() == claims.userId())
        .orElseThrow(AuthException::tokenNotValid);
    if (!family.isLive(now)) {
      throw AuthException.tokenNotValid();
    }
    if (family.currentJti().equals(claims.jti())) {
      String nextJti = tokens.newId();
      Instant issued = tokens.issuedNow();
      Instant expires = tokens.refreshExpiry(issued, family.absoluteExpiresAt());
      if (families.rotate(family.id(), claims.jti(), nextJti, issued, expires, now) == 1) {
        return new TokenPair(tokens.accessToken(claims.userId()),
            tokens.refreshToken(claims.userId(), family.id(), nextJti, issued, expires));
      }
      // Another refresh with the same token rotated it first: read what it wrote.
      family = families.findById(claims.familyId()).orElseThrow(AuthException::tokenNotValid);
      if (!family.isLive(now)) {
        throw AuthException.tokenNotValid();
      }
    }
    if (withinGrace(family, claims.jti(), now)) {
      return new TokenPair(tokens.accessToken(claims.userId()), tokens.refreshToken(claims.userId(), family.id(),
          family.currentJti(), family.currentIssuedAt(), family.currentExpiresAt()));
    }
    if (!family.currentJti().equals(claims.jti()) && families.revoke(family.id(), "reuse", now) == 1) {
      LOG.warn("A rotated refresh token was presented again after the grace period; its family is revoked.");
    }
    throw AuthException.tokenNotValid();
  }

  /** True when {@code jti} is the family's previous token, rotated out no longer than the grace period ago. */
  private boolean withinGrace(RefreshFamily family, String jti, Instant now) {
    Duration grace = config.refreshGracePeriod();
    return !grace.isZero()
        && jti.equals(family.previousJti())
        && family.rotatedAt() != null && !now.isAfter(family.rotatedAt().plus(grace))
        && family.currentIssuedAt() != null && family.currentExpiresAt() != null
        && family.currentExpiresAt().isAfter(now);
  }

  /** Changes the caller's password and revokes every refresh token of theirs. */
  public void changePassword(long userId, String currentPassword, String newPassword) {
    User u = users.findById(userId).orElseThrow(AuthException::tokenNotValid);
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
    User u = users.findById(userId).orElseThrow(AuthException::tokenNotValid);
    if (!hasher.verify(password, u.passwordHash())) {
      throw new ValidationException("password", "The password is not correct.");
    }
    families.revokeAllOfUser(userId, "account_deleted", clock.instant());
    users.deleteById(userId);
    // The sets went with the user row (ON DELETE CASCADE); their cached rows and S3 clients go now.
    panel.credentials().forgetOwner(Long.toString(userId));
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
