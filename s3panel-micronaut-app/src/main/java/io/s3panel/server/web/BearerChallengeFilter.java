package io.s3panel.server.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Every 401 carries {@code WWW-Authenticate: Bearer} (RFC 6750 §3), whichever part of the server refused
 * the request: a missing or refused access token, a wrong password, an invalid refresh token.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class BearerChallengeFilter implements Ordered {
  /** The challenge; the realm names the API. */
  static final String CHALLENGE = "Bearer realm=\"s3panel\"";

  /** Adds the challenge to a 401 that has none. */
  @ResponseFilter
  void challenge(MutableHttpResponse<?> response) {
    if (response.code() == HttpStatus.UNAUTHORIZED.getCode()
        && !response.getHeaders().contains(HttpHeaders.WWW_AUTHENTICATE)) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
    }
  }

  /** Outside the security filter, so its refusals pass through here. */
  @Override
  public int getOrder() {
    return ServerFilterPhase.FIRST.order();
  }
}
