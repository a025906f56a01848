package io.s3panel.server.security;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.s3panel.testing.ErrorServer;
import io.s3panel.testing.PlainHttpServer;
import io.s3panel.testing.PlainHttpServer.Answer;
import io.s3panel.testing.S3ProxyServer;
import io.s3panel.testing.SilentServer;
import io.s3panel.server.TestProperties;
import io.s3panel.server.api.Api;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * SECURITY.md items 16, 20 and 26 through the HTTP API: an allowlisted host is used only as S3, a removed
 * allowlist entry cuts off stored sets, and a malformed {@code endpoint_url} is a 400, never a 500.
 */
class EndpointAbuseTest {
  static final Map<String, Object> TIMEOUTS = Map.of("s3panel.s3-connect-timeout", "1s",
      "s3panel.s3-attempt-timeout", "1s", "s3panel.s3-call-timeout", "3s", "s3panel.s3-max-attempts", 2);
  static final String LIST_BUCKETS = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListAllMyBucketsResult"
      + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Owner><ID>o</ID></Owner><Buckets><Bucket><Name>bkt</Name>"
      + "<CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>";
  static final Answer ACL = Answer.of(200, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      + "<AccessControlPolicy><Owner><ID>o</ID></Owner><AccessControlList></AccessControlList></AccessControlPolicy>");

  static Map<String, Object> set(String identifier, String endpoint, String keyId, String secret) {
    return new HashMap<>(obj("identifier", identifier, "aws_access_key_id", keyId, "aws_secret_access_key", secret,
        "region_name", "us-east-1", "endpoint_url", endpoint, "path_style", true));
  }

  static Map<String, Object> set(String identifier, S3ProxyServer s3) {
    return set(identifier, s3.endpoint().toString(), s3.accessKeyId(), s3.secretAccessKey());
  }

  @Test
  void add_ofEndpointsThatAreNotS3_isOneAndTheSameRefusal_whateverTheCause() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (Api api = Api.start(TIMEOUTS); S3ProxyServer s3 = S3ProxyServer.start();
        PlainHttpServer html = PlainHttpServer.answering(Answer.of(200, "text/html", "<html>admin</html>"));
        PlainHttpServer json = PlainHttpServer.answering(Answer.of(200, "application/json", "{\"ok\":true}"));
        PlainHttpServer empty = PlainHttpServer.answering(Answer.of(200, null, ""));
        SilentServer reset = SilentServer.resetting(); SilentServer hanging = SilentServer.hanging()) {
      Api.Tokens t = api.registerAndLogin("not-s3");
      Map<String, String> endpoints = Map.of("html 200", html.endpoint().toString(),
          "json 200", json.endpoint().toString(), "empty 200", empty.endpoint().toString(),
          "closed port", "http://127.0.0.1:" + closedPort, "reset", reset.endpoint().toString(),
          "hanging", hanging.endpoint().toString(), "TLS to plain HTTP", "https://127.0.0.1:" + html.endpoint().getPort());
      Set<String> answers = new HashSet<>();
      for (Map.Entry<String, String> e : endpoints.entrySet()) {
        Api.Response r = api.post("/api/aws-credentials/add", t.access(),
            set("probe", e.getValue(), s3.accessKeyId(), s3.secretAccessKey()));
        assertThat(r.status()).as(e.getKey() + ": " + r.body()).isEqualTo(400);
        assertThat(r.map()).as(e.getKey()).containsEntry("code", "aws_invalid_credentials");
        assertThat(r.string("error")).as(e.getKey()).contains("not an S3 endpoint");
        answers.add(r.status() + " " + r.body());
      }
      assertThat(answers).as("open, closed, hanging and non-S3 ports cannot be told apart").hasSize(1);
      assertThat(api.get("/api/aws-credentials", t.access()).list()).isEmpty();
      assertThat(api.post("/api/aws-credentials/add", t.access(), set("real", s3)).status()).isEqualTo(201);
    }
  }

  @Test
  void add_withWrongKeysAtAnS3ErrorServer_isInvalidCredentials_notNotS3() {
    try (Api api = Api.start(TIMEOUTS); ErrorServer badKey = ErrorServer.start(403, "InvalidAccessKeyId")) {
      Api.Tokens t = api.registerAndLogin("s3-error");
      Api.Response r = api.post("/api/aws-credentials/add", t.access(),
          set("wrong", badKey.endpoint().toString(), "AKIAIOSFODNN7EXAMPLE", "wrong-secret-value"));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.map()).containsEntry("code", "aws_invalid_credentials");
      assertThat(r.string("error")).contains("InvalidAccessKeyId").doesNotContain("not an S3 endpoint");
    }
  }

  @Test
  void endpointUrl_withAPortOutOfRangeOrMalformed_is400OnTheField_withoutAStackTraceInTheLog() {
    LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Capture capture = new Capture();
    capture.setContext(logback);
    capture.start();
    root.addAppender(capture);
    try (Api api = Api.start(TIMEOUTS); S3ProxyServer s3 = S3ProxyServer.start()) {
      Api.Tokens t = api.registerAndLogin("bad-port");
      assertThat(api.post("/api/aws-credentials/add", t.access(), set("main", s3)).status()).isEqualTo(201);
      for (String url : List.of("http://127.0.0.1:99999", "http://127.0.0.1:65536", "http://127.0.0.1:0",
          "http://127.0.0.1:99999999999", "http://127.0.0.1:9x", "http://[::1", "http://127.0.0.1:8080:9",
          "http://%zz", "https://s3.amazonaws.com:99999")) {
        Api.Response add = api.post("/api/aws-credentials/add", t.access(),
            set("other", url, s3.accessKeyId(), s3.secretAccessKey()));
        assertThat(add.status()).as(url + " " + add.body()).isEqualTo(400);
        assertThat(add.map()).as(url).containsEntry("code", "validation_failed");
        assertThat((Map<String, ?>) add.map().get("fields")).as(url).containsKey("endpoint_url");
        Api.Response update = api.put("/api/aws-credentials/main", t.access(), obj("endpoint_url", url));
        assertThat(update.status()).as(url + " " + update.body()).isEqualTo(400);
        assertThat(update.map()).as(url).containsEntry("code", "validation_failed");
        assertThat((Map<String, ?>) update.map().get("fields")).as(url).containsKey("endpoint_url");
      }
    } finally {
      root.detachAppender(capture);
    }
    assertThat(capture.problems).as("no error and no stack trace logged").isEmpty();
  }

  @Test
  void removingAnAllowlistEntry_cutsOffStoredSets_afterARestart() throws Exception {
    Path dataDir = Files.createTempDirectory("s3panel-policy");
    String db = TestProperties.h2Url();
    try (S3ProxyServer s3 = S3ProxyServer.start().bucket("kept"); S3ProxyServer other = S3ProxyServer.start().bucket("moved")) {
      Map<String, Object> props = new HashMap<>(TIMEOUTS);
      props.put("s3panel.data-dir", dataDir.toString());
      props.put("datasources.default.url", db);
      props.put("s3panel.allowed-endpoints", "http://127.0.0.1:" + s3.endpoint().getPort() + ","
          + "http://127.0.0.1:" + other.endpoint().getPort());
      Api.Tokens t;
      try (Api before = Api.start(props)) {
        t = before.registerAndLogin("policy-user");
        assertThat(before.post("/api/aws-credentials/add", t.access(), set("main", s3)).status()).isEqualTo(201);
        assertThat(before.post("/api/aws-credentials/add", t.access(), set("spare", s3)).status()).isEqualTo(201);
        assertThat(before.get("/api/buckets?aws_cred=main", t.access()).status()).isEqualTo(200);
      }
      props.put("s3panel.allowed-endpoints", "http://127.0.0.1:" + other.endpoint().getPort());
      try (Api after = Api.start(props)) {
        String access = after.login("policy-user", t.password()).access();
        for (String path : List.of("/api/buckets?aws_cred=main", "/api/buckets/kept/folders?aws_cred=main",
            "/api/buckets?aws_cred=")) {
          Api.Response r = after.get(path, access);
          assertThat(r.status()).as(path + " " + r.body()).isEqualTo(403);
          assertThat(r.map()).as(path).containsEntry("code", "endpoint_not_allowed");
          assertThat(r.string("error")).contains("no longer allowed by this server's endpoint policy");
        }
        Api.Response update = after.put("/api/aws-credentials/main", access, obj("region_name", "eu-west-1"));
        assertThat(update.status()).as(update.body()).isEqualTo(403);
        assertThat(update.map()).containsEntry("code", "endpoint_not_allowed");
        Api.Response presign = after.post("/api/buckets/kept/objects/get_presigned_url?aws_cred=main", access,
            obj("object_key", "x.txt", "expires_in", 60));
        assertThat(presign.status()).as(presign.body()).isEqualTo(403);
        assertThat(after.get("/api/aws-credentials", access).list()).hasSize(2);
        assertThat(after.delete("/api/aws-credentials/spare", access, null).status()).isEqualTo(204);
        Api.Response moved = after.put("/api/aws-credentials/main", access, obj("endpoint_url", other.endpoint().toString(),
            "aws_access_key_id", other.accessKeyId(), "aws_secret_access_key", other.secretAccessKey()));
        assertThat(moved.status()).as("moving the set to an allowed endpoint " + moved.body()).isEqualTo(200);
        assertThat(after.get("/api/buckets?aws_cred=main", access).list()).extracting(m -> m.get("bucket_name"))
            .containsExactly("moved");
      }
    }
  }

  @Test
  void objectDetails_showOnlyS3Fields_neverTheEndpointsOtherHeaders() {
    Answer head = Answer.of(200, "text/plain", "hello")
        .withHeader("ETag", "\"5d41402abc4b2a76b9719d911017c592\"")
        .withHeader("x-amz-meta-owner", "alice")
        .withHeader("X-Internal-Token", "internal-token-8c1f")
        .withHeader("Set-Cookie", "session=internal-cookie-77");
    try (Api api = Api.start(TIMEOUTS); PlainHttpServer fake = PlainHttpServer.start(line ->
        line.equals("GET /") ? Answer.of(200, "application/xml", LIST_BUCKETS) : line.endsWith("?acl") ? ACL : head)) {
      Api.Tokens t = api.registerAndLogin("details");
      assertThat(api.post("/api/aws-credentials/add", t.access(),
          set("fake", fake.endpoint().toString(), "AKIAIOSFODNN7EXAMPLE", "secret-value-1234")).status()).isEqualTo(201);
      String key = Base64.getUrlEncoder().withoutPadding().encodeToString("a/../b.txt".getBytes(StandardCharsets.UTF_8));
      Api.Response r = api.get("/api/buckets/bkt/objects/" + key + "?aws_cred=fake", t.access());
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).contains("alice").doesNotContain("internal-token-8c1f", "internal-cookie-77", "X-Internal");
      assertThat(fake.requestLines()).contains("HEAD /bkt/a/%2E%2E/b.txt").doesNotContain("HEAD /bkt/a/../b.txt");
    }
  }

  /** Keeps every ERROR event and every event carrying a stack trace. */
  static final class Capture extends AppenderBase<ILoggingEvent> {
    final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    protected void append(ILoggingEvent e) {
      if (e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null) {
        problems.add(e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage());
      }
    }
  }
}
