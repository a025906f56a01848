package io.s3panel.server.auth;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.generator.JwtTokenGenerator;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.validator.JwtClaimsValidator;
import io.micronaut.security.token.jwt.validator.JwtValidator;
import io.s3panel.server.config.S3PanelConfig;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Issues and checks the API's JWTs (HS256, signed by micronaut-security-jwt's generator).
 *
 * <p>Every token carries {@code token_type} ({@code access} or {@code refresh}), {@code exp}, {@code iat},
 * {@code jti} (128 random bits), {@code user_id} and {@code sub} (the user id); refresh tokens also
 * carry {@code fam}, their rotation family. Access tokens are checked by Micronaut's bearer
 * authentication with {@link AccessTokenClaimsValidator}; refresh tokens only here, by
 * {@link #parseRefresh}, which refuses access tokens.
 */
@Singleton
public final class TokenService {
  static final String ACCESS = "access";
  static final String REFRESH = "refresh";
  /** How far {@code iat} and {@code nbf} may lie in the future: clocks of several servers differ a little. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private final JwtTokenGenerator generator;
  private final JwtValidator<Object> refreshValidator;
  private final S3PanelConfig config;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  TokenService(JwtTokenGenerator generator, Collection<SignatureConfiguration> signatures, S3PanelConfig config,
      Clock clock) {
    this.generator = generator;
    this.config = config;
    this.clock = clock;
    JwtClaimsValidator<Object> refreshClaims = (claims, request) -> REFRESH.equals(claims.get("token_type"))
        && hasRequiredClaims(claims, clock) && claims.get("fam") instanceof String;
    this.refreshValidator = JwtValidator.builder()
        .withSignatures(signatures)
        .withClaimValidators(refreshClaims)
        .build();
  }

  /** A fresh random token id (128 bits, hex). */
  public String newId() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** A new access token for {@code userId}. */
  public String accessToken(long userId) {
    Instant now = clock.instant();
    return sign(claims(ACCESS, userId, newId(), now, now.plus(config.accessTokenTtl())));
  }

  /**
   * When a refresh token issued at {@code issuedAt} expires: after the configured lifetime, but never after
   * {@code familyExpiresAt}; whole seconds, as JWT's {@code exp}.
   */
  public Instant refreshExpiry(Instant issuedAt, Instant familyExpiresAt) {
    Instant exp = issuedAt.plus(config.refreshTokenTtl());
    return (exp.isAfter(familyExpiresAt) ? familyExpiresAt : exp).truncatedTo(ChronoUnit.SECONDS);
  }

  /** The current instant in whole seconds: the {@code iat} of a token issued now. */
  public Instant issuedNow() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * The refresh token {@code jti} of family {@code familyId}, issued at {@code issuedAt} and expiring at
   * {@code expiresAt} (both taken in whole seconds). Deterministic: the same arguments give the same token,
   * which is how a rotated token re-presented within the grace period gets its successor again without any
   * token being stored.
   */
  public String refreshToken(long userId, String familyId, String jti, Instant issuedAt, Instant expiresAt) {
    Map<String, Object> claims = claims(REFRESH, userId, jti, issuedAt, expiresAt);
    claims.put("fam", familyId);
    return sign(claims);
  }

  /** The claims of a valid, unexpired refresh token; empty for anything else (including access tokens). */
  public Optional<RefreshClaims> parseRefresh(String token) {
    if (token == null || token.isEmpty() || token.length() > 4096) {
      return Optional.empty();
    }
    Optional<JWT> jwt;
    try {
      jwt = refreshValidator.validate(token, null);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (jwt.isEmpty()) {
      return Optional.empty();
    }
    try {
      JWTClaimsSet c = jwt.get().getJWTClaimsSet();
      return Optional.of(new RefreshClaims(((Number) c.getClaim("user_id")).longValue(), c.getStringClaim("fam"),
          c.getJWTID(), c.getExpirationTime().toInstant()));
    } catch (ParseException | ClassCastException e) {
      return Optional.empty();
    }
  }

  private Map<String, Object> claims(String type, long userId, String jti, Instant now, Instant exp) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("token_type", type);
    claims.put("exp", exp.getEpochSecond());
    claims.put("iat", now.getEpochSecond());
    claims.put("jti", jti);
    claims.put("user_id", userId);
    claims.put("sub", Long.toString(userId));
    return claims;
  }

  private String sign(Map<String, Object> claims) {
    return generator.generateToken(claims)
        .orElseThrow(() -> new IllegalStateException("The JWT could not be signed; check the signing secret."));
  }

  /**
   * True when the claims every token must carry are present, {@code exp} is in the future, {@code iat} and
   * {@code nbf} are not (beyond {@link #CLOCK_SKEW}), and {@code sub} says the same user as {@code user_id},
   * the one claim the user is read from (SECURITY.md item 30).
   */
  static boolean hasRequiredClaims(Claims claims, Clock clock) {
    Object exp = claims.get("exp");
    Instant expiry;
    if (exp instanceof Date) {
      expiry = ((Date) exp).toInstant();
    } else if (exp instanceof Number) {
      expiry = Instant.ofEpochSecond(((Number) exp).longValue());
    } else {
      return false;
    }
    Object jti = claims.get("jti");
    Instant latest = clock.instant().plus(CLOCK_SKEW);
    Instant issued = instant(claims.get("iat"));
    Object nbf = claims.get("nbf");
    Object userId = claims.get("user_id");
    return expiry.isAfter(clock.instant()) && issued != null && !issued.isAfter(latest)
        && (nbf == null || instant(nbf) != null && !instant(nbf).isAfter(latest))
        && userId instanceof Number && claims.get("sub") instanceof String sub && sub.equals(userId.toString())
        && jti instanceof String && ((String) jti).length() >= 32;
  }

  /** A date claim as an instant; {@code null} when it is not a date. */
  private static Instant instant(Object claim) {
    if (claim instanceof Date d) {
      return d.toInstant();
    }
    if (claim instanceof Number n) {
      return Instant.ofEpochSecond(n.longValue());
    }
    return null;
  }

  /**
   * What a refresh token says.
   *
   * @param userId the user
   * @param familyId its rotation family
   * @param jti its id; only the family's current id may be rotated
   * @param expiresAt its expiry
   */
  public record RefreshClaims(long userId, String familyId, String jti, Instant expiresAt) {}
}
