package io.s3panel.server.security;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.S3ProxyServer;
import io.s3panel.server.api.Api;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SECURITY.md items 16 and 17, as a sweep: every endpoint, every body field and query parameter, with
 * malformed, mistyped, missing, extra, empty, control-character, unicode, oversized and out-of-range
 * values. Never a 5xx; every 4xx carries the documented error body; nothing of the request echoes a
 * secret back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputSweepTest {
  static final String PASSWORD = "Correct-Horse-Battery-Staple-42!";
  static final List<Object> WRONG_VALUES = List.of(123, true, List.of("x"), Map.of("a", 1), 1.5, "",
      "a\u0000b\u0001c", "ctl\r\nInjected: header", "💥 ünï ✓", "x".repeat(20_000), -1);
  static final List<String> BAD_QUERY_VALUES = List.of("", "%00", "%01abc", "%25ZZ", "%F0%9F%92%A5",
      "x".repeat(3000), "-1", "1e3", "abc", "true%0d%0aX:%20y", "../../etc/passwd", "%2F%2F");
  static final List<String> BAD_BUCKETS = List.of("A", "ab", "..", "a..b", "-bad", "bad-", "UPPER", "under_score",
      "x".repeat(64), "192.168.1.1", "%2E%2E", "%00", "b%20c", "xn--caf-dma", "a.-b");
  static final List<String> BAD_KEYS = List.of("!!!", "a", "====", "_w", "AAAA====", "%00", "x".repeat(5000),
      "w4", "_-_-", "AA%3D%3D");

  S3ProxyServer s3;
  Api api;
  Api.Tokens user;
  int cases;

  @BeforeAll
  void start() {
    s3 = S3ProxyServer.start().bucket("sweep").put("sweep", "k.txt", "v").put("sweep", "m.txt", "v");
    api = Api.start(Map.of("s3panel.login-max-failures", 100_000));
    user = api.registerAndLogin("sweeper");
    assertThat(api.post("/api/aws-credentials/add", user.access(), setBody("main")).status()).isEqualTo(201);
  }

  @AfterAll
  void stop() {
    System.out.println("BadInputSweepTest: " + cases + " bad inputs tried");
    api.close();
    s3.close();
  }

  Map<String, Object> setBody(String identifier) {
    return new LinkedHashMap<>(obj("identifier", identifier, "aws_access_key_id", s3.accessKeyId(),
        "aws_secret_access_key", s3.secretAccessKey(), "region_name", "us-east-1",
        "endpoint_url", s3.endpoint().toString(), "path_style", true));
  }

  record Endpoint(String method, String path, Map<String, Object> validBody, List<String> required) {}

  List<Endpoint> jsonEndpoints() {
    return List.of(
        new Endpoint("POST", "/api/register", obj("username", "newbie", "password", PASSWORD),
            List.of("username", "password")),
        new Endpoint("POST", "/api/login", obj("username", "sweeper", "password", "wrong-password-x"),
            List.of("username", "password")),
        new Endpoint("POST", "/api/token/refresh", obj("refresh", "x.y.z"), List.of("refresh")),
        new Endpoint("POST", "/api/password", obj("current_password", "wrong-current-x", "new_password", PASSWORD),
            List.of("current_password", "new_password")),
        new Endpoint("DELETE", "/api/account", obj("password", "wrong-password-x"), List.of("password")),
        new Endpoint("POST", "/api/aws-credentials/add", setBody("sweep-new"),
            List.of("identifier", "aws_access_key_id", "aws_secret_access_key")),
        new Endpoint("PUT", "/api/aws-credentials/main", obj("region_name", "us-east-1", "path_style", true,
            "aws_session_token", "", "endpoint_url", s3.endpoint().toString()), List.of()),
        new Endpoint("POST", "/api/buckets/sweep/objects/get_presigned_url?aws_cred=main",
            obj("object_key", "k.txt", "expires_in", 60, "method", "GET"), List.of("object_key")),
        new Endpoint("POST", "/api/buckets/sweep/objects/bS50eHQ/copy?aws_cred=main",
            obj("destination_key", "copied.txt", "destination_bucket", "sweep", "move", false, "overwrite", true),
            List.of("destination_key")),
        new Endpoint("POST", "/api/buckets/sweep/folders?aws_cred=main", obj("prefix", "made/"), List.of("prefix")),
        new Endpoint("POST", "/api/buckets?aws_cred=main", obj("bucket_name", "sweep-made", "region", "us-east-1"),
            List.of("bucket_name")),
        new Endpoint("POST", "/api/exposure?aws_cred=main", obj("objects", "none"), List.of()),
        new Endpoint("POST", "/api/buckets/sweep/batch?aws_cred=main", obj("action", "copy",
            "keys", List.of("no/such.txt"), "prefixes", List.of("none/"),
            "destination", obj("aws_cred", "main", "bucket", "sweep", "prefix", "copies/")), List.of("action")));
  }

  @Test
  void everyJsonEndpoint_everyField_badValues_never5xx() {
    for (Endpoint e : jsonEndpoints()) {
      for (String raw : List.of("{", "[]", "\"text\"", "1", "null", "", "{\"a\":", "{\"a\" 1}", "{}}")) {
        check(e.method(), e.path(), raw);
      }
      Map<String, Object> extra = new LinkedHashMap<>(e.validBody());
      extra.put("unexpected_field", "x");
      check(e.method(), e.path(), extra);
      for (String field : e.validBody().keySet()) {
        for (Object value : WRONG_VALUES) {
          Map<String, Object> body = new LinkedHashMap<>(e.validBody());
          body.put(field, value);
          check(e.method(), e.path(), body);
        }
        Map<String, Object> withNull = new LinkedHashMap<>(e.validBody());
        withNull.put(field, null);
        check(e.method(), e.path(), withNull);
      }
      for (String field : e.required()) {
        Map<String, Object> missing = new LinkedHashMap<>(e.validBody());
        missing.remove(field);
        Api.Response r = check(e.method(), e.path(), missing);
        assertThat(r.status()).as(e.path() + " without " + field).isEqualTo(400);
        assertThat(r.body()).contains("\"" + field + "\"");
      }
    }
  }

  @Test
  void hugeBodiesOnEveryJsonEndpoint_are413() {
    String huge = "{\"x\": \"" + "y".repeat(10 * 1024 * 1024) + "\"}";
    for (Endpoint e : jsonEndpoints()) {
      Api.Response r = check(e.method(), e.path(), huge);
      assertThat(r.status()).as(e.path()).isEqualTo(413);
      assertThat(r.map()).containsEntry("code", "payload_too_large");
    }
  }

  @Test
  void wrongContentType_isA4xx() {
    for (Endpoint e : jsonEndpoints()) {
      Api.Response r = api.send(e.method(), e.path(), user.access(), "username=x&password=y",
          "application/x-www-form-urlencoded");
      cases++;
      assertThat(r.status()).as(e.path()).isBetween(400, 499);
      assertThat(r.map()).containsKeys("error", "code");
    }
  }

  @Test
  void everyQueryEndpoint_everyParameter_badValues_never5xx() {
    String key = "azEudHh0"; // "k1.txt"
    Map<String, List<String>> endpoints = new LinkedHashMap<>();
    endpoints.put("/api/buckets", List.of("aws_cred", "include_grants"));
    endpoints.put("/api/buckets/sweep", List.of("aws_cred"));
    endpoints.put("/api/buckets/sweep/folders", List.of("aws_cred", "prefix", "next_marker", "marker", "max_keys",
        "include_grants"));
    endpoints.put("/api/buckets/sweep/objects/" + key, List.of("aws_cred"));
    endpoints.put("/api/buckets/sweep/objects/" + key + "/permissions", List.of("aws_cred"));
    endpoints.put("/api/buckets/sweep/objects/ay50eHQ/content", List.of("aws_cred"));
    endpoints.put("/api/buckets/sweep/search", List.of("aws_cred", "q", "prefix", "max_results", "continuation"));
    endpoints.put("/api/objects/metadata", List.of("aws_cred"));
    endpoints.put("/api/aws-credentials", List.of());
    endpoints.put("/api/aws-credentials/main/health", List.of());
    endpoints.put("/api/check_task_status/0123456789abcdef0123456789abcdef", List.of());
    endpoints.forEach((path, params) -> {
      check("GET", path + "?unknown_param=1", null);
      check("GET", path + "?aws_cred=main&aws_cred=other", null);
      for (String p : params) {
        for (String v : BAD_QUERY_VALUES) {
          check("GET", path + "?aws_cred=main&" + p + "=" + v, null);
        }
      }
    });
    for (String v : List.of("0", "1001", "-5", "12.5", "1e2", "99999999999999999999")) {
      Api.Response r = check("GET", "/api/buckets/sweep/folders?aws_cred=main&max_keys=" + v, null);
      assertThat(r.status()).as(v).isEqualTo(400);
    }
  }

  @Test
  void badBucketNamesAndObjectKeys_onEveryPath_are4xx() {
    for (String bucket : BAD_BUCKETS) {
      for (String suffix : List.of("", "/folders", "/objects/azEudHh0", "/objects/azEudHh0/permissions")) {
        Api.Response r = check("GET", "/api/buckets/" + bucket + suffix + "?aws_cred=main", null);
        assertThat(r.status()).as(bucket + suffix).isBetween(400, 499);
      }
      check("POST", "/api/buckets/" + bucket + "/objects/get_presigned_url?aws_cred=main", obj("object_key", "k.txt"));
      for (String suffix : List.of("/objects/azEudHh0/content", "/search?q=x")) {
        assertThat(check("GET", "/api/buckets/" + bucket + suffix + (suffix.contains("?") ? "&" : "?") + "aws_cred=main",
            null).status()).as(bucket + suffix).isBetween(400, 499);
      }
      check("POST", "/api/buckets/" + bucket + "/objects/azEudHh0/copy?aws_cred=main", obj("destination_key", "x"));
      check("POST", "/api/buckets/" + bucket + "/folders?aws_cred=main", obj("prefix", "x/"));
      check("PUT", "/api/buckets/" + bucket + "/objects/azEudHh0?aws_cred=main", "body");
      check("DELETE", "/api/buckets/" + bucket + "/objects/azEudHh0?aws_cred=main", null);
      check("DELETE", "/api/buckets/" + bucket + "?aws_cred=main", null);
      check("POST", "/api/buckets?aws_cred=main", obj("bucket_name", bucket));
    }
    String tooLong = java.util.Base64.getUrlEncoder().encodeToString("k".repeat(1025).getBytes(StandardCharsets.UTF_8));
    String controlChar = java.util.Base64.getUrlEncoder().encodeToString("a\r\nb".getBytes(StandardCharsets.UTF_8));
    List<String> keys = new ArrayList<>(BAD_KEYS);
    keys.add(tooLong);
    keys.add(controlChar);
    for (String key : keys) {
      String what = key.substring(0, Math.min(key.length(), 20));
      for (String suffix : List.of("", "/permissions", "/content")) {
        Api.Response r = check("GET", "/api/buckets/sweep/objects/" + key + suffix + "?aws_cred=main", null);
        assertThat(r.status()).as(what + suffix).isBetween(400, 499);
      }
      assertThat(check("PUT", "/api/buckets/sweep/objects/" + key + "?aws_cred=main", "bytes").status()).as(what)
          .isBetween(400, 499);
      assertThat(check("DELETE", "/api/buckets/sweep/objects/" + key + "?aws_cred=main", null).status()).as(what)
          .isBetween(400, 499);
      assertThat(check("POST", "/api/buckets/sweep/objects/" + key + "/copy?aws_cred=main",
          obj("destination_key", "x")).status()).as(what).isBetween(400, 499);
    }
  }

  @Test
  void badRangesAndConditions_onDownload_areAnsweredWithoutA5xx() {
    String content = "/api/buckets/sweep/objects/ay50eHQ/content?aws_cred=main";
    for (String range : List.of("bytes=999-", "bytes=-0", "bytes=5-2", "bytes=a-b", "bytes=0-1,2-3", "items=0-1", "bytes",
        "bytes=99999999999999999999-", "bytes=-99999999999999999999", "bytes=0-0", "bytes=--1", "ünï", "bytes=1-")) {
      cases++;
      Api.Response r = api.send("GET", content, user.access(), null, null, Map.of("Range", range));
      assertThat(r.status()).as(range + " -> " + r.body()).isIn(200, 206, 416);
      if (r.status() == 416) {
        assertThat(r.map()).containsKeys("error", "code");
        assertThat(r.header("Content-Range")).isEqualTo("bytes */1");
      }
    }
    for (String tag : List.of("*", "\"\"", "W/\"x\"", "garbage", "\"a\", \"b\"")) {
      cases++;
      Api.Response r = api.send("GET", content, user.access(), null, null, Map.of("If-None-Match", tag));
      assertThat(r.status()).as(tag + " -> " + r.body()).isIn(200, 304, 400);
    }
    for (String tag : List.of("\"x\"", "W/\"x\"", "garbage")) {
      cases++;
      Api.Response r = api.send("PUT", "/api/buckets/sweep/objects/bmV3LnR4dA?aws_cred=main", user.access(), "x", null,
          Map.of("If-None-Match", tag));
      assertThat(r.status()).as(tag + " -> " + r.body()).isEqualTo(400);
    }
  }

  @Test
  void ssrfEndpoints_areRefusedOnAddAndUpdate() {
    List<String> urls = List.of("http://169.254.169.254", "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]", "http://[::1]:9000", "http://[::ffff:127.0.0.1]:9000", "http://127.1:9000",
        "http://2130706433:9000", "http://0.0.0.0:9000", "http://10.0.0.1", "http://172.16.5.4", "http://192.168.1.1",
        "http://100.64.0.1", "http://localhost:9000", "http://metadata.google.internal", "file:///etc/passwd",
        "gopher://127.0.0.1:9000", "http://user:pass@127.0.0.1:9000", "http://127.0.0.1:9000/x?y=z",
        "http://[fe80::1%25eth0]", "javascript:alert(1)");
    for (String url : urls) {
      Map<String, Object> add = setBody("ssrf-probe");
      add.put("endpoint_url", url);
      Api.Response r = check("POST", "/api/aws-credentials/add", add);
      assertThat(r.status()).as(url).isEqualTo(400);
      Api.Response u = check("PUT", "/api/aws-credentials/main", obj("endpoint_url", url));
      assertThat(u.status()).as(url).isEqualTo(400);
    }
    assertThat(api.get("/api/buckets?aws_cred=main", user.access()).status()).as("the stored set is unchanged")
        .isEqualTo(200);
  }

  Api.Response check(String method, String path, Object body) {
    cases++;
    Api.Response r = api.send(method, path, user.access(), body, body == null ? null : "application/json");
    String what = method + " " + path.substring(0, Math.min(path.length(), 120)) + " "
        + (body == null ? "" : String.valueOf(body).substring(0, Math.min(String.valueOf(body).length(), 120)));
    if (r.status() == 502 && body instanceof Map<?, ?> m && m.containsKey("endpoint_url")
        && (m.get("endpoint_url") == null || "".equals(m.get("endpoint_url")))) {
      // Clearing the endpoint means "use AWS": this sandbox cannot reach AWS, so 502 aws_unreachable is right.
      assertThat(r.map()).containsEntry("code", "aws_unreachable");
      return r;
    }
    assertThat(r.status()).as(what + " -> " + r.body()).isLessThan(500);
    if (r.status() >= 400) {
      assertThat(r.map()).as(what).containsKeys("error", "code");
      assertThat(r.body()).as(what).doesNotContain("Exception").doesNotContain(s3.secretAccessKey());
    }
    return r;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

}
