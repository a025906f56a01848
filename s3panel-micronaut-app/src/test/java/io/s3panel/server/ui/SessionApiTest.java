package io.s3panel.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.server.api.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The web interface's cookie session: HttpOnly refresh cookie, CSRF header, same origin, rotation, logout. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionApiTest {
  static final String PASSWORD = "Correct-Horse-Battery-Staple-42!";
  Api api;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() {
    api = Api.start();
    assertThat(api.post("/api/register", null, Map.of("username", "carol", "password", PASSWORD)).status()).isEqualTo(201);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path))
        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String cookieValue(HttpResponse<String> r) {
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring("s3panel_refresh=".length(), setCookie.indexOf(';'));
  }

  private HttpResponse<String> login() throws Exception {
    return post("/api/session/login", "{\"username\":\"carol\",\"password\":\"" + PASSWORD + "\"}", "X-S3Panel-CSRF", "1");
  }

  @Test
  void login_returnsOnlyTheAccessToken_andSetsAStrictHttpOnlyCookieOnTheSessionPath() throws Exception {
    HttpResponse<String> r = login();
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"access\"", "\"expires_in\":300").doesNotContain("refresh");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("s3panel_refresh=").contains("Path=/api/session")
        .containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict").doesNotContain("Secure");
    String access = r.body().replaceAll(".*\"access\":\"([^\"]+)\".*", "$1");
    assertThat(api.get("/api/aws-credentials", access).status()).isEqualTo(200);
  }

  @Test
  void login_behindHttps_marksTheCookieSecure() throws Exception {
    HttpResponse<String> r = post("/api/session/login", "{\"username\":\"carol\",\"password\":\"" + PASSWORD + "\"}",
        "X-S3Panel-CSRF", "1", "X-Forwarded-Proto", "https");
    assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure");
  }

  @Test
  void sessionRoutes_withoutTheCsrfHeader_orFromAnotherOrigin_areRefused() throws Exception {
    String cookie = cookieValue(login());
    HttpResponse<String> noHeader = post("/api/session/refresh", null, "Cookie", "s3panel_refresh=" + cookie);
    assertThat(noHeader.statusCode()).isEqualTo(403);
    assertThat(noHeader.body()).contains("\"code\":\"csrf_failed\"");
    HttpResponse<String> foreign = post("/api/session/refresh", null, "Cookie", "s3panel_refresh=" + cookie,
        "X-S3Panel-CSRF", "1", "Origin", "https://evil.example");
    assertThat(foreign.statusCode()).isEqualTo(403);
    HttpResponse<String> loginNoHeader = post("/api/session/login",
        "{\"username\":\"carol\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(loginNoHeader.statusCode()).isEqualTo(403);
    HttpResponse<String> same = post("/api/session/refresh", null, "Cookie", "s3panel_refresh=" + cookie,
        "X-S3Panel-CSRF", "1", "Origin", api.base());
    assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
  }

  @Test
  void refresh_rotatesTheCookie_andLogoutRevokesIt() throws Exception {
    String first = cookieValue(login());
    HttpResponse<String> refreshed = post("/api/session/refresh", null, "Cookie", "s3panel_refresh=" + first,
        "X-S3Panel-CSRF", "1");
    assertThat(refreshed.statusCode()).isEqualTo(200);
    String second = cookieValue(refreshed);
    assertThat(second).isNotEqualTo(first);
    HttpResponse<String> out = post("/api/session/logout", null, "Cookie", "s3panel_refresh=" + second, "X-S3Panel-CSRF", "1");
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("s3panel_refresh=;").contains("Max-Age=0");
    HttpResponse<String> after = post("/api/session/refresh", null, "Cookie", "s3panel_refresh=" + second,
        "X-S3Panel-CSRF", "1");
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(post("/api/session/refresh", null, "X-S3Panel-CSRF", "1").statusCode()).isEqualTo(401);
  }

  @Test
  void sessionRoutes_fromTheOriginalClientsCorsOrigins_areRefused_evenWithTheCsrfHeader() throws Exception {
    // CORS lets the original client's dev origins send any header to the API (it uses bearer tokens); the
    // cookie routes still answer only their own origin, and a browser always sends Origin cross-origin.
    String cookie = cookieValue(login());
    for (String origin : new String[] {"http://localhost:5173", "http://localhost:3000"}) {
      HttpResponse<String> r = post("/api/session/refresh", null, "Cookie", "s3panel_refresh=" + cookie,
          "X-S3Panel-CSRF", "1", "Origin", origin);
      assertThat(r.statusCode()).as(origin).isEqualTo(403);
      assertThat(r.body()).contains("\"code\":\"csrf_failed\"");
    }
  }
}
