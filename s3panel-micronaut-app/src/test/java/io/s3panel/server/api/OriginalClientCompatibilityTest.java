package io.s3panel.server.api;

import io.s3panel.server.Concurrently;
import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.S3ProxyServer;
import io.s3panel.server.security.MutableClock;
import io.s3panel.testing.FaultProxy;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 8: what the original "cloud_s3" React client does, request by request, against the real server
 * with its default configuration (no CORS origins, no refresh grace set here; only a clock the test can
 * move, so that the default 30 s grace can run out without waiting for it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OriginalClientCompatibilityTest {
  static final String PASSWORD = "Correct-Horse-Battery-Staple-42!";
  static final List<String> DEV_ORIGINS = List.of("http://localhost:5173", "http://localhost:3000");

  S3ProxyServer s3;
  FaultProxy aclDenied;
  Api api;
  MutableClock clock;

  @BeforeAll
  void start() {
    s3 = S3ProxyServer.start().bucket("romiles-s3")
        .put("romiles-s3", "media/LICENSE.txt", "MIT License")
        .put("romiles-s3", "media/photo one.jpg", "jpg")
        .put("romiles-s3", "media/sub/deep.txt", "deep");
    aclDenied = FaultProxy.start(s3.endpoint(), FaultProxy.ACL_REQUESTS, "AccessDenied", 0);
    api = Api.start(Map.of("test.mutable-clock", true));
    clock = api.context().getBean(MutableClock.class);
  }

  @AfterAll
  void stop() {
    api.close();
    aclDenied.close();
    s3.close();
  }

  // ---- CORS ---------------------------------------------------------------------------------------

  @Test
  void preflights_fromBothDevOrigins_withContentTypeAndWithAuthorization_succeed() {
    for (String origin : DEV_ORIGINS) {
      for (String[] call : List.of(
          new String[] {"/api/register", "POST", "content-type"},
          new String[] {"/api/login", "POST", "content-type"},
          new String[] {"/api/token/refresh", "POST", "content-type"},
          new String[] {"/api/aws-credentials/", "GET", "authorization"},
          new String[] {"/api/buckets/?aws_cred=x", "GET", "authorization"},
          new String[] {"/api/buckets/b/folders/?aws_cred=x&prefix=a/", "GET", "authorization"},
          new String[] {"/api/aws-credentials/add", "POST", "authorization,content-type"},
          new String[] {"/api/buckets/b/objects/get_presigned_url", "POST", "authorization,content-type"})) {
        Api.Response r = preflight(call[0], origin, call[1], call[2]);
        String what = origin + " " + call[1] + " " + call[0] + " [" + call[2] + "]";
        assertThat(r.status()).as(what).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).as(what).isEqualTo(origin);
        assertThat(r.header("Access-Control-Allow-Methods")).as(what).contains(call[1]);
        assertThat(r.header("Access-Control-Allow-Headers")).as(what).isNotNull();
        for (String h : call[2].split(",")) {
          assertThat(allValues(r, "Access-Control-Allow-Headers").toLowerCase()).as(what).contains(h);
        }
        assertThat(r.header("Access-Control-Allow-Credentials")).as(what + ": bearer tokens only").isNull();
      }
      Api.Response plain = preflight("/api/aws-credentials/", origin, "GET", null);
      assertThat(plain.status()).as("preflight without Access-Control-Request-Headers").isEqualTo(200);
      assertThat(plain.header("Access-Control-Allow-Origin")).isEqualTo(origin);
    }
  }

  @Test
  void unlistedOrigin_getsNoCorsAllowHeader_onPreflightsOrCalls() {
    for (String origin : List.of("http://evil.example", "http://localhost:5174", "https://localhost:5173",
        "http://localhost:5173.evil.example", "null")) {
      Api.Response pre = preflight("/api/login", origin, "POST", "content-type");
      assertThat(pre.header("Access-Control-Allow-Origin")).as(origin).isNull();
      assertThat(pre.status()).as(origin).isNotEqualTo(200);
      Api.Response call = api.send("POST", "/api/login", null, obj("username", "x", "password", "y"),
          "application/json", Map.of("Origin", origin));
      assertThat(call.header("Access-Control-Allow-Origin")).as(origin).isNull();
    }
  }

  @Test
  void errorResponses_carryTheCorsHeaders_forAnAllowedOrigin() {
    String origin = DEV_ORIGINS.get(0);
    Map<String, String> browser = Map.of("Origin", origin);
    List<Api.Response> errors = List.of(
        api.send("POST", "/api/register", null, obj("username", "weak-one", "password", "short"), "application/json",
            browser),
        api.send("POST", "/api/login", null, obj("username", "nobody-here", "password", "wrong-password"),
            "application/json", browser),
        api.send("GET", "/api/aws-credentials/", null, null, null, browser),
        api.send("GET", "/api/aws-credentials/", "not-a-token", null, null, browser),
        api.send("GET", "/api/no-such-endpoint", null, null, null, browser),
        api.send("POST", "/api/login", null, "{not json", "application/json", browser));
    assertThat(errors).extracting(Api.Response::status).containsExactly(400, 401, 401, 401, 404, 400);
    for (Api.Response r : errors) {
      assertThat(r.header("Access-Control-Allow-Origin")).as(r.toString()).isEqualTo(origin);
      assertThat(r.header("Access-Control-Allow-Credentials")).as(r.toString()).isNull();
      assertThat(r.map()).as(r.toString()).containsKeys("error", "code", "detail");
    }
    Api.Response tooMany = null;
    for (int i = 0; i < 12 && (tooMany == null || tooMany.status() != 429); i++) {
      tooMany = api.send("POST", "/api/login", null, obj("username", "throttled-one", "password", "wrong-password"),
          "application/json", browser);
    }
    assertThat(tooMany.status()).isEqualTo(429);
    assertThat(tooMany.header("Access-Control-Allow-Origin")).isEqualTo(origin);
    assertThat(allValues(tooMany, "Access-Control-Expose-Headers")).contains("Retry-After");
  }

  // ---- DRF error shapes ---------------------------------------------------------------------------

  @Test
  void signUp_withAWeakPassword_theClientReadsPasswordZero() {
    Api.Response r = api.post("/api/register", null, obj("username", "newcomer", "password", "short"));
    assertThat(r.status()).isEqualTo(400);
    Map<String, Object> body = r.map();
    assertThat(body).containsEntry("code", "validation_failed").containsKeys("error", "detail", "fields", "password");
    assertThat(body.get("detail")).isEqualTo(body.get("error"));
    List<?> password = (List<?>) body.get("password");
    assertThat(password.get(0)).isEqualTo("This password is too short. It must contain at least 8 characters.");
    assertThat(password).isEqualTo(((Map<?, ?>) body.get("fields")).get("password"));
  }

  @Test
  void failedLogin_theClientShowsDetail_andGetsABearerChallenge() {
    Api.Response r = api.post("/api/login", null, obj("username", "newcomer-2", "password", "not-the-password"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.map()).containsEntry("detail", "No active account found with the given credentials.")
        .containsEntry("code", "invalid_credentials");
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    Api.Response noToken = api.get("/api/aws-credentials/", null);
    assertThat(noToken.status()).isEqualTo(401);
    assertThat(noToken.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(noToken.map()).containsKeys("detail", "error", "code");
  }

  // ---- refresh on page load -----------------------------------------------------------------------

  @Test
  void fiveSimultaneousRefreshes_allSucceedWithOneSuccessor_andAfterTheGracePeriodTheOldTokenRevokesTheFamily()
      throws Exception {
    Api.Tokens t = api.registerAndLogin("page-loader");

    List<Api.Response> answers = Concurrently.run(5, () -> api.post("/api/token/refresh", null, obj("refresh", t.refresh())));

    assertThat(answers).extracting(Api.Response::status).containsOnly(200);
    List<String> successors = answers.stream().map(r -> r.string("refresh")).distinct().toList();
    assertThat(successors).as("one successor for all five").hasSize(1);
    String successor = successors.get(0);
    assertThat(successor).isNotEqualTo(t.refresh());
    for (Api.Response a : answers) {
      assertThat(api.get("/api/aws-credentials/", a.string("access")).status()).as("every access token works")
          .isEqualTo(200);
    }

    // The client then uses every returned refresh token: the first use rotates, the others converge again.
    List<String> next = new ArrayList<>();
    for (Api.Response a : answers) {
      Api.Response r = api.post("/api/token/refresh", null, obj("refresh", a.string("refresh")));
      assertThat(r.status()).isEqualTo(200);
      assertThat(api.get("/api/aws-credentials/", r.string("access")).status()).isEqualTo(200);
      next.add(r.string("refresh"));
    }
    assertThat(next.stream().distinct()).hasSize(1);
    String newest = next.get(0);
    assertThat(newest).isNotEqualTo(successor);

    clock.advance(Duration.ofSeconds(31));
    Api.Response late = api.post("/api/token/refresh", null, obj("refresh", successor));
    assertThat(late.status()).as("a rotated token after the 30 s grace").isEqualTo(401);
    assertThat(late.map()).containsEntry("code", "token_not_valid");
    assertThat(api.post("/api/token/refresh", null, obj("refresh", newest)).status())
        .as("the whole family is revoked").isEqualTo(401);
    assertThat(api.post("/api/token/refresh", null, obj("refresh", t.refresh())).status()).isEqualTo(401);
  }

  // ---- grants always a list -----------------------------------------------------------------------

  @Test
  void folderPage_whoseAclLookUpsFail_hasEmptyGrantsListsWithGrantsError() {
    Api.Tokens t = api.registerAndLogin("acl-viewer");
    Api.Response added = api.post("/api/aws-credentials/add", t.access(), obj("identifier", "denied",
        "aws_access_key_id", s3.accessKeyId(), "aws_secret_access_key", s3.secretAccessKey(),
        "region_name", "us-east-1", "endpoint_url", aclDenied.endpoint().toString(), "path_style", true));
    assertThat(added.status()).as(added.body()).isEqualTo(201);

    Api.Response buckets = api.get("/api/buckets/?aws_cred=denied", t.access());
    assertThat(buckets.status()).as(buckets.body()).isEqualTo(200);
    for (Map<String, Object> b : buckets.list()) {
      assertThat(b.get("grants")).as(b.toString()).isEqualTo(List.of());
      assertThat(b).containsKey("grants_error");
    }

    Api.Response page = api.get("/api/buckets/romiles-s3/folders/?aws_cred=denied&prefix=media/", t.access());
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> files = (List<Map<String, Object>>) page.map().get("files");
    assertThat(files).extracting(f -> f.get("file")).containsExactly("media/LICENSE.txt", "media/photo one.jpg");
    for (Map<String, Object> f : files) {
      assertThat(f.get("grants")).as(f.toString()).isEqualTo(List.of());
      assertThat(f.get("grants_error")).as(f.toString()).isInstanceOf(Map.class);
      assertThat(((Map<?, ?>) f.get("grants_error")).get("code")).isEqualTo("aws_access_denied");
    }
    assertThat(page.map().get("folders")).isEqualTo(List.of("media/sub/"));

    String key = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("media/LICENSE.txt".getBytes(StandardCharsets.UTF_8));
    Api.Response details = api.get("/api/buckets/romiles-s3/objects/" + key + "/?aws_cred=denied", t.access());
    assertThat(details.status()).as(details.body()).isEqualTo(200);
    assertThat(details.map().get("grants")).isEqualTo(List.of());
    assertThat(details.map()).containsKey("grants_error");
    assertThat(aclDenied.denied()).isGreaterThanOrEqualTo(4);

    Api.Response readable = api.post("/api/aws-credentials/add", t.access(), obj("identifier", "direct",
        "aws_access_key_id", s3.accessKeyId(), "aws_secret_access_key", s3.secretAccessKey(),
        "region_name", "us-east-1", "endpoint_url", s3.endpoint().toString(), "path_style", true));
    assertThat(readable.status()).isEqualTo(201);
    Api.Response control = api.get("/api/buckets/romiles-s3/folders/?aws_cred=direct&prefix=media/", t.access());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> direct = (List<Map<String, Object>>) control.map().get("files");
    assertThat(direct).allSatisfy(f -> {
      assertThat(f.get("grants")).as("control: grants read directly").isInstanceOf(List.class);
      assertThat(f).as("control: grants read directly").doesNotContainKey("grants_error");
    });
  }

  // ---- query parameters and odd paths ---------------------------------------------------------------

  @Test
  void cacheBustingQueryParameter_isIgnoredOnEveryEndpoint() {
    Api.Tokens t = api.registerAndLogin("cache-buster");
    assertThat(api.post("/api/aws-credentials/add?_=123", t.access(), obj("identifier", "main",
        "aws_access_key_id", s3.accessKeyId(), "aws_secret_access_key", s3.secretAccessKey(),
        "region_name", "us-east-1", "endpoint_url", s3.endpoint().toString(), "path_style", true)).status())
        .isEqualTo(201);
    String key = java.util.Base64.getUrlEncoder().encodeToString("media/LICENSE.txt".getBytes(StandardCharsets.UTF_8));
    for (String path : List.of("/api/aws-credentials/?_=123", "/api/buckets/?aws_cred=main&_=123",
        "/api/buckets/romiles-s3/?aws_cred=main&_=123",
        "/api/buckets/romiles-s3/folders/?aws_cred=main&prefix=media/&_=123&utm_source=x",
        "/api/buckets/romiles-s3/objects/" + key + "/?aws_cred=main&_=123",
        "/api/buckets/romiles-s3/objects/" + key + "/permissions/?aws_cred=main&_=123")) {
      Api.Response r = api.get(path, t.access());
      assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
    }
    assertThat(api.post("/api/buckets/romiles-s3/objects/get_presigned_url?aws_cred=main&_=123", t.access(),
        obj("object_key", "media/LICENSE.txt")).status()).isEqualTo(200);
    Api.Response refreshed = api.post("/api/token/refresh?_=123", null, obj("refresh", t.refresh()));
    assertThat(refreshed.status()).isEqualTo(200);
    Api.Response login = api.post("/api/login?_=123", null, obj("username", "cache-buster", "password", PASSWORD));
    assertThat(login.status()).isEqualTo(200);
  }

  @Test
  void dashboardStatisticsCall_twiceInARow_getsOneTaskId() throws Exception {
    // The original client starts a scan whenever its dashboard opens; a scan still running is reused.
    Api.Tokens t = api.registerAndLogin("dashboard");
    try (io.s3panel.testing.LatencyProxy slow = io.s3panel.testing.LatencyProxy.start(s3.endpoint(), 0)) {
      assertThat(api.post("/api/aws-credentials/add", t.access(), obj("identifier", "slow",
          "aws_access_key_id", s3.accessKeyId(), "aws_secret_access_key", s3.secretAccessKey(),
          "region_name", "us-east-1", "endpoint_url", slow.endpoint().toString(), "path_style", true)).status())
          .isEqualTo(201);
      slow.delay(400); // every S3 call of the scan takes 0.4 s, so the first scan is still running
      Api.Response first = api.get("/api/objects/metadata?aws_cred=slow", t.access());
      Api.Response second = api.get("/api/objects/metadata?aws_cred=slow&_=456", t.access());
      assertThat(first.status()).as(first.body()).isEqualTo(202);
      assertThat(second.status()).as(second.body()).isEqualTo(202);
      assertThat(second.string("task_id")).isEqualTo(first.string("task_id"));
      String status = "";
      for (int i = 0; i < 100 && !status.equals("completed"); i++) {
        Thread.sleep(200);
        status = api.get("/api/check_task_status/" + first.string("task_id") + "/", t.access()).string("status");
      }
      assertThat(status).isEqualTo("completed");
    }
  }

  @Test
  void rawSquareBracketsInAPath_giveA4xx_thatDoesNotTalkAboutTheBody() throws Exception {
    Api.Tokens t = api.registerAndLogin("bracket-user");
    for (String path : List.of("/api/buckets/a[b]/folders/?aws_cred=main", "/api/buckets/[x]",
        "/api/aws-credentials/[0]")) {
      String raw = rawGet(path, t.access());
      int status = Integer.parseInt(raw.substring(9, 12));
      assertThat(status).as(path + "\n" + raw).isIn(400, 404);
      String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
      assertThat(body).as(path).contains("\"code\"").contains("\"detail\"").doesNotContain("well-formed JSON");
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------------

  Api.Response preflight(String path, String origin, String method, String requestHeaders) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Origin", origin);
    headers.put("Access-Control-Request-Method", method);
    if (requestHeaders != null) {
      headers.put("Access-Control-Request-Headers", requestHeaders);
    }
    return api.send("OPTIONS", path, null, null, null, headers);
  }

  static String allValues(Api.Response r, String header) {
    return String.join(",", r.headerValues(header));
  }

  /** A GET sent over a plain socket, so that the path goes out exactly as written (raw brackets included). */
  String rawGet(String path, String token) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), api.server().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toString(StandardCharsets.UTF_8);
    }
  }

}
