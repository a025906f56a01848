package io.s3panel.server.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.s3panel.server.auth.AuthException;
import io.s3panel.server.auth.AuthService;
import io.s3panel.server.auth.SessionService;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * The served interface's session: the access token goes to the page (kept in memory), the refresh token
 * into an HttpOnly, SameSite=Strict cookie scoped to {@value #PATH}. Every route needs the header
 * {@value #CSRF_HEADER}{@code : 1} (a cross-site form cannot send it, a cross-origin script needs a CORS
 * preflight that this header does not pass) and a same-origin {@code Origin} when one is sent.
 */
@Controller(SessionController.PATH)
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class SessionController {
  /** Where the session routes and the refresh cookie live. */
  static final String PATH = "/api/session";
  /** The refresh cookie. */
  static final String COOKIE = "s3panel_refresh";
  /** The header every session call must carry. */
  static final String CSRF_HEADER = "X-S3Panel-CSRF";

  private final SessionService sessions;

  SessionController(SessionService sessions) {
    this.sessions = sessions;
  }

  @Post("/login")
  HttpResponse<?> login(HttpRequest<?> request, @Nullable @Body JsonNode body) {
    HttpResponse<ErrorBody> refused = refuseCrossSite(request);
    if (refused != null) {
      return refused;
    }
    JsonFields f = JsonFields.of(body);
    String username = f.requiredString("username");
    String password = f.requiredString("password");
    f.finish();
    return issue(request, sessions.login(username, password, Requests.clientAddress(request)));
  }

  @Post("/refresh")
  HttpResponse<?> refresh(HttpRequest<?> request) {
    HttpResponse<ErrorBody> refused = refuseCrossSite(request);
    if (refused != null) {
      return refused;
    }
    String token = request.getCookies().findCookie(COOKIE).map(Cookie::getValue).orElse("");
    if (token.isEmpty()) {
      throw AuthException.tokenNotValid();
    }
    return issue(request, sessions.refresh(token));
  }

  @Post("/logout")
  HttpResponse<?> logout(HttpRequest<?> request) {
    HttpResponse<ErrorBody> refused = refuseCrossSite(request);
    if (refused != null) {
      return refused;
    }
    request.getCookies().findCookie(COOKIE).map(Cookie::getValue).filter(v -> !v.isEmpty())
        .ifPresent(sessions::logout);
    return HttpResponse.noContent().cookie(cookie(request, "", Duration.ZERO));
  }

  private MutableHttpResponse<SessionView> issue(HttpRequest<?> request, AuthService.TokenPair pair) {
    return HttpResponse.ok(new SessionView(pair.access(), sessions.accessTokenTtl().toSeconds()))
        .cookie(cookie(request, pair.refresh(), sessions.refreshTokenTtl()))
        .header(HttpHeaders.CACHE_CONTROL, "no-store");
  }

  private static Cookie cookie(HttpRequest<?> request, String value, Duration maxAge) {
    return Cookie.of(COOKIE, value)
        .path(PATH)
        .httpOnly(true)
        .secure(isHttps(request))
        .sameSite(SameSite.Strict)
        .maxAge(maxAge);
  }

  private static boolean isHttps(HttpRequest<?> request) {
    String forwarded = request.getHeaders().get("X-Forwarded-Proto");
    return request.isSecure() || (forwarded != null && forwarded.trim().toLowerCase(Locale.ROOT).startsWith("https"));
  }

  /** 403 unless the CSRF header is present and any {@code Origin} names this server's own host. */
  private static HttpResponse<ErrorBody> refuseCrossSite(HttpRequest<?> request) {
    if (!"1".equals(request.getHeaders().get(CSRF_HEADER))) {
      return forbidden("This route is for the panel's own pages: send the header " + CSRF_HEADER + ": 1.");
    }
    String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
    if (origin != null && !sameOrigin(origin, request.getHeaders().get(HttpHeaders.HOST))) {
      return forbidden("Session requests are accepted only from the panel's own pages.");
    }
    return null;
  }

  private static boolean sameOrigin(String origin, String host) {
    if (host == null) {
      return false;
    }
    try {
      URI o = URI.create(origin);
      String authority = o.getPort() == -1 ? o.getHost() : o.getHost() + ":" + o.getPort();
      return o.getHost() != null && authority.equalsIgnoreCase(host.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static HttpResponse<ErrorBody> forbidden(String message) {
    return HttpResponse.<ErrorBody>status(ApiError.CSRF_FAILED.status()).body(ErrorBody.of(ApiError.CSRF_FAILED.code(), message));
  }

  /**
   * What the page receives: the access token and how long it lives.
   *
   * @param access the access token (Bearer)
   * @param expiresIn its lifetime in seconds
   */
  @Serdeable
  record SessionView(String access, @com.fasterxml.jackson.annotation.JsonProperty("expires_in") long expiresIn) {
    @Override
    public String toString() {
      return "SessionView{***}";
    }
  }
}
