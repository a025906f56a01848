package io.s3panel.server.api;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.S3ProxyServer;
import io.s3panel.testing.SilentServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Credential set endpoints, S3 error mapping and the error body for bad input. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialsAndErrorsApiTest {
  S3ProxyServer s3;
  S3ProxyServer other;
  Api api;

  @BeforeAll
  void start() {
    s3 = S3ProxyServer.start().bucket("alpha").put("alpha", "a.txt", "A");
    other = S3ProxyServer.start().bucket("beta");
    api = Api.start(Map.of("s3panel.s3-attempt-timeout", "1s", "s3panel.s3-call-timeout", "3s"));
  }

  @AfterAll
  void stop() {
    api.close();
    s3.close();
    other.close();
  }

  Map<String, Object> set(String identifier, S3ProxyServer server) {
    return new HashMap<>(obj("identifier", identifier, "aws_access_key_id", server.accessKeyId(),
        "aws_secret_access_key", server.secretAccessKey(), "region_name", "us-east-1",
        "endpoint_url", server.endpoint().toString(), "path_style", true));
  }

  @Test
  void add_returnsTheMaskedSet_andIsUniquePerUserOnly() {
    Api.Tokens a = api.registerAndLogin("cred-a");
    Api.Tokens b = api.registerAndLogin("cred-b");
    Api.Response added = api.post("/api/aws-credentials/add", a.access(), set("shared-name", s3));
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    assertThat(added.map()).containsEntry("identifier", "shared-name").containsEntry("endpoint_url",
        s3.endpoint().toString());
    assertThat(added.body()).doesNotContain(s3.secretAccessKey());
    Api.Response dup = api.post("/api/aws-credentials/add", a.access(), set("shared-name", other));
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.map()).containsEntry("code", "conflict");
    assertThat(api.post("/api/aws-credentials/add", b.access(), set("shared-name", other)).status()).isEqualTo(201);
    assertThat(api.get("/api/buckets?aws_cred=shared-name", b.access()).list()).extracting(m -> m.get("bucket_name"))
        .containsExactly("beta");
  }

  @Test
  void add_withAnEndpointAndNoPathStyle_takesTheCoresDefault_pathStyle() {
    Api.Tokens t = api.registerAndLogin("cred-path-style");
    Map<String, Object> body = set("no-flag", s3);
    body.remove("path_style");
    Api.Response added = api.post("/api/aws-credentials/add", t.access(), body);
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    assertThat(added.map()).containsEntry("path_style", true);
  }

  @Test
  @SuppressWarnings("unchecked")
  void add_reportsABadIdentifier_andABadEndpoint_inOneAnswer_withTheCoresRules() {
    Api.Tokens t = api.registerAndLogin("cred-rules");
    Map<String, Object> body = set("x", s3);
    body.put("endpoint_url", "http://");
    Api.Response r = api.post("/api/aws-credentials/add", t.access(), body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.map()).containsEntry("code", "validation_failed");
    assertThat((Map<String, ?>) r.map().get("fields")).containsOnlyKeys("identifier", "endpoint_url");
  }

  @Test
  void add_withKeysTheServerRejects_is400_andNothingIsStored() {
    Api.Tokens t = api.registerAndLogin("cred-bad");
    Map<String, Object> wrong = set("wrong", s3);
    wrong.put("aws_secret_access_key", "definitely-not-the-secret");
    Api.Response r = api.post("/api/aws-credentials/add", t.access(), wrong);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.map()).containsEntry("code", "aws_invalid_credentials");
    assertThat(r.body()).doesNotContain("definitely-not-the-secret").doesNotContain(s3.accessKeyId());
    assertThat(api.get("/api/aws-credentials", t.access()).list()).isEmpty();
  }

  @Test
  void add_withEndpointsOffTheAllowlist_isRefused() {
    Api.Tokens t = api.registerAndLogin("cred-ssrf");
    for (String url : List.of("http://169.254.169.254", "http://[::1]:9000", "http://10.0.0.1", "http://localhost:9000",
        "http://192.168.0.10:9000", "ftp://127.0.0.1", "not a url", "http://127.0.0.1:9000/path")) {
      Map<String, Object> body = set("ssrf", s3);
      body.put("endpoint_url", url);
      Api.Response r = api.post("/api/aws-credentials/add", t.access(), body);
      assertThat(r.status()).as(url).isEqualTo(400);
      assertThat(r.map()).as(url).containsEntry("code", "validation_failed");
      assertThat(r.body()).as(url).contains("endpoint_url");
    }
  }

  @Test
  void update_changesKeysAfterValidation_andDelete_removesTheSet() {
    Api.Tokens t = api.registerAndLogin("cred-upd");
    api.post("/api/aws-credentials/add", t.access(), set("main", s3));
    Map<String, Object> bad = obj("aws_secret_access_key", "wrong-secret-value");
    assertThat(api.put("/api/aws-credentials/main", t.access(), bad).status()).isEqualTo(400);
    Api.Response moved = api.put("/api/aws-credentials/main/", t.access(), obj("aws_access_key_id", other.accessKeyId(),
        "aws_secret_access_key", other.secretAccessKey(), "endpoint_url", other.endpoint().toString()));
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    assertThat(api.get("/api/buckets?aws_cred=main", t.access()).list()).extracting(m -> m.get("bucket_name"))
        .containsExactly("beta");
    assertThat(api.put("/api/aws-credentials/nope", t.access(), obj("region_name", "eu-west-1")).status()).isEqualTo(404);
    assertThat(api.delete("/api/aws-credentials/main", t.access(), null).status()).isEqualTo(204);
    assertThat(api.delete("/api/aws-credentials/main/", t.access(), null).status()).isEqualTo(404);
    assertThat(api.get("/api/buckets?aws_cred=main", t.access()).status()).isEqualTo(404);
  }

  @Test
  void noSetsAtAll_orAnUnknownSet_is404WithAClearMessage() {
    Api.Tokens t = api.registerAndLogin("cred-none");
    Api.Response none = api.get("/api/buckets", t.access());
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.map()).containsEntry("code", "not_found");
    assertThat(none.string("error")).contains("no AWS credential sets");
    assertThat(api.get("/api/buckets?aws_cred=unknown", t.access()).status()).isEqualTo(404);
  }

  @Test
  void s3Errors_mapToTheDocumentedStatuses() {
    Api.Tokens t = api.registerAndLogin("cred-s3err");
    api.post("/api/aws-credentials/add", t.access(), set("main", s3));
    Api.Response noBucket = api.get("/api/buckets/no-such-bucket/folders?aws_cred=main", t.access());
    assertThat(noBucket.status()).isEqualTo(404);
    assertThat(noBucket.map()).containsEntry("code", "aws_no_such_bucket");
    String missingKey = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("missing.txt".getBytes());
    Api.Response noKey = api.get("/api/buckets/alpha/objects/" + missingKey + "?aws_cred=main", t.access());
    assertThat(noKey.status()).isEqualTo(404);
    assertThat(noKey.map()).containsEntry("code", "aws_no_such_key");
  }

  @Test
  void addingAHangingOrResettingEndpoint_isTheOneNotS3Refusal_andTheServerKeepsServing() {
    // On add, a custom endpoint that gives no S3 answer gets one refusal whatever the cause (SECURITY.md
    // item 26); a stored set whose S3 hangs or goes down answers 504 / 502 (S3FaultsTest).
    Api.Tokens t = api.registerAndLogin("cred-fault");
    api.post("/api/aws-credentials/add", t.access(), set("main", s3));
    try (SilentServer silent = SilentServer.hanging(); SilentServer reset = SilentServer.resetting()) {
      for (SilentServer server : List.of(silent, reset)) {
        Map<String, Object> body = set("faulty", s3);
        body.put("endpoint_url", server.endpoint().toString());
        Api.Response add = api.post("/api/aws-credentials/add", t.access(), body);
        assertThat(add.status()).isEqualTo(400);
        assertThat(add.map()).containsEntry("code", "aws_invalid_credentials");
        assertThat(add.string("error")).contains("not an S3 endpoint");
      }
    }
    assertThat(api.get("/api/buckets?aws_cred=main", t.access()).status()).isEqualTo(200);
  }

  @Test
  void badBodies_get400WithTheErrorBody_never500() {
    Api.Tokens t = api.registerAndLogin("cred-input");
    List<Object[]> cases = List.of(
        new Object[] {"POST", "/api/aws-credentials/add", "{not json"},
        new Object[] {"POST", "/api/aws-credentials/add", "[]"},
        new Object[] {"POST", "/api/aws-credentials/add", "\"text\""},
        new Object[] {"POST", "/api/aws-credentials/add", "{}"},
        new Object[] {"POST", "/api/aws-credentials/add", "{\"identifier\": 5, \"aws_access_key_id\": true}"},
        new Object[] {"POST", "/api/aws-credentials/add", "{\"identifier\": \"\", \"aws_access_key_id\": \"\"}"},
        new Object[] {"POST", "/api/aws-credentials/add", "{\"identifier\": \"ok-id\", \"extra\": 1}"},
        new Object[] {"POST", "/api/aws-credentials/add", "{\"identifier\": \"a\\u0000b\", \"aws_access_key_id\": \"x\"}"},
        new Object[] {"POST", "/api/aws-credentials/add", ""},
        new Object[] {"PUT", "/api/aws-credentials/whatever", "{\"path_style\": \"yes\"}"},
        new Object[] {"POST", "/api/login", "{\"username\": [], \"password\": {}}"},
        new Object[] {"POST", "/api/register", "{\"username\": \"x\"}"},
        new Object[] {"POST", "/api/token/refresh", "{}"},
        new Object[] {"POST", "/api/buckets/alpha/objects/get_presigned_url", "{\"object_key\": \"k\", \"expires_in\": 0}"},
        new Object[] {"POST", "/api/buckets/alpha/objects/get_presigned_url", "{\"object_key\": \"k\", \"expires_in\": 604801}"},
        new Object[] {"POST", "/api/buckets/alpha/objects/get_presigned_url", "{\"object_key\": \"k\", \"expires_in\": \"soon\"}"},
        new Object[] {"POST", "/api/buckets/alpha/objects/get_presigned_url", "{\"object_key\": \"k\", \"method\": \"DELETE\"}"});
    for (Object[] c : cases) {
      Api.Response r = api.send((String) c[0], (String) c[1], t.access(), c[2], "application/json");
      assertThat(r.status()).as(c[0] + " " + c[1] + " " + c[2] + " -> " + r.body()).isBetween(400, 499);
      assertThat(r.map()).as(r.body()).containsKeys("error", "code");
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.");
    }
  }

  @Test
  void badPathsAndQueries_get4xxWithTheErrorBody() {
    Api.Tokens t = api.registerAndLogin("cred-query");
    api.post("/api/aws-credentials/add", t.access(), set("main", s3));
    List<String> paths = List.of(
        "/api/buckets/alpha/folders?aws_cred=main&max_keys=0",
        "/api/buckets/alpha/folders?aws_cred=main&max_keys=1001",
        "/api/buckets/alpha/folders?aws_cred=main&max_keys=many",
        "/api/buckets/alpha/folders?aws_cred=main&include_grants=maybe",
        "/api/buckets/alpha/folders?aws_cred=main&prefix=%00",
        "/api/buckets/Bad_Bucket!/folders?aws_cred=main",
        "/api/buckets/alpha/objects/!!!notbase64/permissions?aws_cred=main",
        "/api/buckets/alpha/objects/_w/?aws_cred=main",
        "/api/buckets/alpha/objects/a/?aws_cred=main",
        "/api/check_task_status/not-a-task",
        "/api/nothing-here",
        "/nothing");
    for (String path : paths) {
      Api.Response r = api.get(path, t.access());
      assertThat(r.status()).as(path + " -> " + r.body()).isBetween(400, 499);
      assertThat(r.map()).as(path).containsKeys("error", "code");
    }
    Api.Response unknown = api.get("/api/buckets/alpha/folders?aws_cred=main&unknown=1&_=123", t.access());
    assertThat(unknown.status()).as("unknown query parameters are ignored, as Django did").isEqualTo(200);
    Api.Response method = api.send("PATCH", "/api/aws-credentials", t.access(), "{}", "application/json");
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.map()).containsEntry("code", "method_not_allowed");
  }

  @Test
  void hugeBody_is413WithTheErrorBody() {
    Api.Tokens t = api.registerAndLogin("cred-huge");
    String huge = "{\"identifier\": \"" + "x".repeat(10 * 1024 * 1024) + "\"}";
    Api.Response r = api.post("/api/aws-credentials/add", t.access(), huge);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.map()).containsEntry("code", "payload_too_large");
    assertThat(api.get("/api/aws-credentials", t.access()).status()).isEqualTo(200);
  }
}
