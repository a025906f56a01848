package io.s3panel.server.auth;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Bearer authentication accepts only access tokens: {@code token_type=access}, with {@code exp},
 * {@code iat}, {@code jti} and {@code user_id} present, {@code exp} in the future, {@code iat}/{@code nbf}
 * not in the future and {@code sub} equal to {@code user_id} ({@link TokenService#hasRequiredClaims}).
 * A refresh token presented as a bearer token is refused.
 */
@Singleton
final class AccessTokenClaimsValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {
  private final Clock clock;

  AccessTokenClaimsValidator(Clock clock) {
    this.clock = clock;
  }

  @Override
  public boolean validate(Claims claims, HttpRequest<?> request) {
    return TokenService.ACCESS.equals(claims.get("token_type")) && TokenService.hasRequiredClaims(claims, clock);
  }
}
