package io.s3panel.server.api;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.s3panel.core.S3Panel;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.credentials.SealedCredential;
import io.s3panel.testing.LatencyProxy;
import io.s3panel.testing.S3ProxyServer;
import io.s3panel.server.TestProperties;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;

/** The exposure report and credential health through the API, against S3Proxy. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExposureApiTest {
  static final List<String> PUBLIC_KEYS = List.of("obj-017", "obj-250", "obj-499");
  S3ProxyServer s3;
  Api api;

  @BeforeAll
  void start() {
    s3 = S3ProxyServer.start().bucket("open-site").bucket("mixed").bucket("closed");
    s3.admin().putBucketAcl(b -> b.bucket("open-site").acl(BucketCannedACL.PUBLIC_READ));
    s3.put("open-site", "index.html", "<h1>hi</h1>");
    s3.putAll("mixed", IntStream.range(0, 500).mapToObj(i -> String.format("obj-%03d", i))
        .filter(k -> !PUBLIC_KEYS.contains(k)).collect(Collectors.toList()));
    for (String k : PUBLIC_KEYS) {
      s3.admin().putObject(b -> b.bucket("mixed").key(k).acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString(k));
    }
    s3.putAll("closed", List.of("a.txt", "b.txt", "c/d.txt"));
    Map<String, Object> p = new HashMap<>();
    p.put("datasources.default.url", TestProperties.h2Url());
    api = Api.start(p);
  }

  @AfterAll
  void stop() {
    api.close();
    s3.close();
  }

  void addSet(Api.Tokens t, String identifier, String endpoint) {
    Api.Response r = api.post("/api/aws-credentials/add", t.access(), obj("identifier", identifier,
        "aws_access_key_id", s3.accessKeyId(), "aws_secret_access_key", s3.secretAccessKey(),
        "endpoint_url", endpoint, "path_style", true));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  /** Stores a set that worked once and whose key S3 no longer knows (revoked), bypassing the check on add. */
  void addRevokedSet(Api.Tokens t, String identifier) throws Exception {
    S3Panel panel = api.context().getBean(S3Panel.class);
    CredentialSet revoked = ServerFixtures.credentials(s3).toBuilder().accessKeyId("AKIAREVOKED000000000")
        .secretAccessKey("revoked/secret/key+000000000000000000000").build();
    Instant now = Instant.now();
    panel.store().create(panel.vault().seal(new CredentialRef(userId(t), identifier), revoked, now, now, 1));
  }

  String userId(Api.Tokens t) throws Exception {
    String payload = t.access().split("\\.")[1];
    Map<String, Object> claims = api.context().getBean(JsonMapper.class).readValue(
        Base64.getUrlDecoder().decode(payload), Argument.mapOf(String.class, Object.class));
    return String.valueOf(((Number) claims.get("user_id")).longValue());
  }

  Map<String, Object> awaitDone(Api.Tokens t, String task) throws Exception {
    Map<String, Object> last = null;
    for (int i = 0; i < 600; i++) {
      Api.Response r = api.get("/api/check_task_status/" + task, t.access());
      last = r.map();
      if (r.status() == 200) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("task did not end: " + last);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> m(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> l(Object o) {
    return (List<Object>) o;
  }

  static Map<String, Object> set(Map<String, Object> status, String identifier) {
    return l(m(status.get("result")).get("credential_sets")).stream().map(ExposureApiTest::m)
        .filter(s -> identifier.equals(s.get("identifier"))).findFirst().orElseThrow();
  }

  @Test
  void allObjects_publicBucketMixedBucketPrivateBucket_verdictsReasonsAndExactlyThePublicObjects() throws Exception {
    Api.Tokens t = api.registerAndLogin("exposure-all");
    addSet(t, "main", s3.endpoint().toString());
    Api.Response started = api.post("/api/exposure?aws_cred=main", t.access(), obj("objects", "all"));
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    Map<String, Object> done = awaitDone(t, started.string("task_id"));
    assertThat(done).containsEntry("status", "completed");
    assertThat(api.get("/api/tasks", t.access()).list()).singleElement()
        .satisfies(task -> assertThat(task).containsEntry("kind", "exposure")
            .containsEntry("task_id", started.string("task_id")));
    Map<String, Object> result = m(done.get("result"));
    assertThat(result).containsEntry("objects", "all");
    assertThat(m(result.get("summary"))).containsEntry("sets", 1).containsEntry("failing_sets", 0)
        .containsEntry("public_buckets", 2).containsEntry("not_public_buckets", 1);
    Map<String, Object> main = set(done, "main");
    assertThat(main).containsEntry("ok", true).containsEntry("account_public_access_block", null);
    assertThat((String) main.get("account_public_access_block_reason")).contains("not AWS");
    Map<String, Object> buckets = m(main.get("buckets"));
    assertThat(buckets).containsOnlyKeys("closed", "mixed", "open-site");

    Map<String, Object> open = m(buckets.get("open-site"));
    assertThat(open).containsEntry("verdict", "public");
    assertThat(l(open.get("reasons"))).contains("READ for AllUsers in the bucket ACL");
    assertThat(l(open.get("acl_public_grants"))).containsExactly(
        Map.of("grantee", "http://acs.amazonaws.com/groups/global/AllUsers", "permission", "READ"));

    Map<String, Object> mixed = m(buckets.get("mixed"));
    assertThat(mixed).containsEntry("verdict", "public");
    assertThat(l(mixed.get("acl_public_grants"))).isEmpty();
    assertThat(l(mixed.get("reasons"))).contains("3 of 500 checked objects are public-read");
    Map<String, Object> objects = m(mixed.get("objects"));
    assertThat(objects).containsEntry("mode", "all").containsEntry("checked", 500).containsEntry("public", 3)
        .containsEntry("unreadable", 0).containsEntry("complete", true);
    assertThat(l(objects.get("examples"))).containsExactlyElementsOf(PUBLIC_KEYS);

    Map<String, Object> closed = m(buckets.get("closed"));
    assertThat(closed).containsEntry("verdict", "not_public");
    assertThat(m(closed.get("objects"))).containsEntry("checked", 3).containsEntry("public", 0);
    assertThat(l(m(closed.get("objects")).get("examples"))).isEmpty();
  }

  @Test
  void callsS3ProxyDoesNotImplement_areNullWithReasons_andTheTaskCompletes_defaultModeIsSample() throws Exception {
    Api.Tokens t = api.registerAndLogin("exposure-nulls");
    addSet(t, "main", s3.endpoint().toString());
    String task = api.post("/api/exposure?aws_cred=main", t.access(), null).string("task_id");
    Map<String, Object> done = awaitDone(t, task);
    assertThat(done).containsEntry("status", "completed");
    assertThat(m(done.get("result"))).containsEntry("objects", "sample");
    Map<String, Object> buckets = m(set(done, "main").get("buckets"));
    for (Object b : buckets.values()) {
      Map<String, Object> bucket = m(b);
      assertThat(bucket).containsEntry("policy_is_public", null).containsEntry("public_access_block", null);
      assertThat(l(bucket.get("reasons"))).anySatisfy(r -> assertThat((String) r)
          .isEqualTo("The endpoint does not implement reading the bucket policy status (NotImplemented)."));
      assertThat(l(bucket.get("reasons"))).anySatisfy(r -> assertThat((String) r)
          .contains("does not implement").contains("public access block"));
      assertThat(bucket.get("verdict")).isNotEqualTo("unknown");
    }
    // 500 keys are within the default sample of 1,000: all three public objects are found.
    assertThat(m(m(buckets.get("mixed")).get("objects"))).containsEntry("mode", "sample").containsEntry("public", 3);

    String none = api.post("/api/exposure?aws_cred=main", t.access(), obj("objects", "none")).string("task_id");
    Map<String, Object> noObjects = awaitDone(t, none);
    Map<String, Object> mixed = m(m(set(noObjects, "main").get("buckets")).get("mixed"));
    assertThat(mixed).containsEntry("objects", null).containsEntry("verdict", "not_public");
  }

  @Test
  void twoSetsOneRevoked_healthOkAndFailing_listShowsBoth_reportOverAllSetsListsTheFailingOne() throws Exception {
    Api.Tokens t = api.registerAndLogin("exposure-health");
    addSet(t, "good", s3.endpoint().toString());
    addRevokedSet(t, "revoked");
    List<Map<String, Object>> before = api.get("/api/aws-credentials", t.access()).list();
    assertThat(before).extracting(s -> m(s.get("health")).get("status")).containsOnly("never_checked");

    Api.Response good = api.get("/api/aws-credentials/good/health", t.access());
    assertThat(good.status()).as(good.body()).isEqualTo(200);
    assertThat(good.map()).containsEntry("ok", true).containsEntry("code", null).containsEntry("message", null)
        .containsEntry("buckets", 3).containsEntry("key_age_days", null).containsEntry("last_used", null)
        .containsEntry("last_used_service", null).containsKeys("checked_at", "latency_ms");
    // S3Proxy is not AWS: no IAM is asked, and the note says why the key fields are null.
    assertThat((String) good.map().get("key_info_note")).contains("not AWS");
    Api.Response bad = api.get("/api/aws-credentials/revoked/health", t.access());
    assertThat(bad.status()).as(bad.body()).isEqualTo(200);
    assertThat(bad.map()).containsEntry("ok", false).containsEntry("code", "aws_invalid_credentials")
        .containsEntry("buckets", null);
    assertThat(bad.string("message")).isNotBlank();
    assertThat(bad.body()).doesNotContain("AKIAREVOKED000000000").doesNotContain("revoked/secret");

    Map<String, Map<String, Object>> listed = api.get("/api/aws-credentials", t.access()).list().stream()
        .collect(Collectors.toMap(s -> (String) s.get("identifier"), s -> s));
    assertThat(listed).containsOnlyKeys("good", "revoked");
    assertThat(listed.get("good")).containsKeys("aws_access_key_id", "region_name", "endpoint_url", "readable");
    assertThat(m(listed.get("good").get("health"))).containsEntry("status", "ok").containsEntry("code", null)
        .containsEntry("checked_at", good.string("checked_at"));
    assertThat(m(listed.get("revoked").get("health"))).containsEntry("status", "failing")
        .containsEntry("code", "aws_invalid_credentials");

    // Checking again replaces the recorded outcome (one row per set); changing the set forgets it.
    assertThat(api.get("/api/aws-credentials/good/health", t.access()).status()).isEqualTo(200);
    assertThat(api.put("/api/aws-credentials/good", t.access(), obj("region_name", "eu-west-1")).status())
        .isEqualTo(200);
    Map<String, Object> changed = api.get("/api/aws-credentials", t.access()).list().stream()
        .filter(s -> "good".equals(s.get("identifier"))).findFirst().orElseThrow();
    assertThat(m(changed.get("health"))).containsEntry("status", "never_checked");

    Api.Response all = api.post("/api/exposure", t.access(), obj("objects", "none"));
    assertThat(all.status()).as(all.body()).isEqualTo(202);
    Map<String, Object> done = awaitDone(t, all.string("task_id"));
    assertThat(done).containsEntry("status", "completed");
    assertThat(m(m(done.get("result")).get("summary"))).containsEntry("sets", 2).containsEntry("failing_sets", 1);
    assertThat(set(done, "revoked")).containsEntry("ok", false).containsEntry("code", "aws_invalid_credentials")
        .doesNotContainKey("buckets");
    assertThat(set(done, "good")).containsEntry("ok", true);
    assertThat(m(set(done, "good").get("buckets"))).containsOnlyKeys("closed", "mixed", "open-site");
    assertThat(done.toString()).doesNotContain("AKIAREVOKED000000000");
  }

  @Test
  void setThatNoLongerDecrypts_healthIsFailingWithItsCode_andRecorded() throws Exception {
    Api.Tokens t = api.registerAndLogin("exposure-unreadable");
    S3Panel panel = api.context().getBean(S3Panel.class);
    Instant now = Instant.now();
    byte[] junk = "not a ciphertext".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    panel.store().create(new SealedCredential(new CredentialRef(userId(t), "broken"), junk, junk, null,
        "us-east-1", s3.endpoint().toString(), true, now, now, 1));

    Api.Response r = api.get("/api/aws-credentials/broken/health", t.access());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.map()).containsEntry("ok", false).containsEntry("code", "credential_unreadable")
        .containsEntry("buckets", null);
    Map<String, Object> listed = api.get("/api/aws-credentials", t.access()).list().get(0);
    assertThat(listed).containsEntry("identifier", "broken").containsEntry("readable", false);
    assertThat(m(listed.get("health"))).containsEntry("status", "failing").containsEntry("code", "credential_unreadable");
  }

  @Test
  void sameScopeAndMode_whileRunning_coalesces_otherModeDoesNot() throws Exception {
    try (LatencyProxy slow = LatencyProxy.start(s3.endpoint(), 0)) {
      Api.Tokens t = api.registerAndLogin("exposure-coalesce");
      addSet(t, "main", slow.endpoint().toString());
      slow.delay(300);
      String first = api.post("/api/exposure?aws_cred=main", t.access(), obj("objects", "none")).string("task_id");
      String same = api.post("/api/exposure?aws_cred=main", t.access(), obj("objects", "none")).string("task_id");
      String other = api.post("/api/exposure?aws_cred=main", t.access(), obj("objects", "all")).string("task_id");
      String allSets = api.post("/api/exposure", t.access(), obj("objects", "none")).string("task_id");
      assertThat(same).isEqualTo(first);
      assertThat(other).isNotEqualTo(first);
      assertThat(allSets).isNotEqualTo(first).isNotEqualTo(other);
      for (String task : List.of(first, other, allSets)) {
        api.delete("/api/tasks/" + task, t.access(), null);
      }
    }
  }

  @Test
  void cancelMidReport_readsCancelledWithinASecond_withItsProgress() throws Exception {
    try (LatencyProxy slow = LatencyProxy.start(s3.endpoint(), 0)) {
      Api.Tokens t = api.registerAndLogin("exposure-cancel");
      addSet(t, "main", slow.endpoint().toString());
      slow.delay(200);
      String task = api.post("/api/exposure?aws_cred=main", t.access(), obj("objects", "all")).string("task_id");
      Map<String, Object> running = null;
      for (int i = 0; i < 100; i++) {
        Api.Response r = api.get("/api/check_task_status/" + task, t.access());
        running = r.map();
        if ("running".equals(running.get("status"))) {
          break;
        }
        Thread.sleep(50);
      }
      assertThat(running).containsEntry("status", "running");
      assertThat(m(running.get("progress"))).containsKeys("buckets_done", "buckets_total", "objects_checked");
      Thread.sleep(500);
      long asked = System.nanoTime();
      Api.Response cancel = api.delete("/api/tasks/" + task, t.access(), null);
      assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
      Map<String, Object> after = awaitDone(t, task);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
      assertThat(after).containsEntry("status", "cancelled");
      assertThat(tookMs).as("cancel took %d ms", tookMs).isLessThan(1500);
      assertThat(m(after.get("result"))).containsKeys("buckets_done", "buckets_total", "objects_checked");
      assertThat(((Number) m(after.get("result")).get("objects_checked")).longValue()).isLessThan(504);
    }
  }

  @Test
  void badInput_is400WithTheField_unknownSetIs404() {
    Api.Tokens t = api.registerAndLogin("exposure-bad");
    addSet(t, "main", s3.endpoint().toString());
    Object[][] bodies = {
        {"{\"objects\": \"bogus\"}", "objects"},
        {"{\"objects\": 3}", "objects"},
        {"{\"objects\": [\"all\"]}", "objects"},
        {"{\"objects\": \"all\", \"sample_size\": 5}", "sample_size"},
        {"[\"all\"]", null},
        {"\"all\"", null},
        {"{\"objects\": ", null}};
    for (Object[] b : bodies) {
      Api.Response r = api.send("POST", "/api/exposure?aws_cred=main", t.access(), b[0], "application/json");
      assertThat(r.status()).as(b[0] + " -> " + r.body()).isEqualTo(400);
      assertThat(r.map()).containsEntry("code", "validation_failed").as(r.body());
      if (b[1] != null) {
        assertThat(r.body()).contains("\"" + b[1] + "\"");
      }
    }
    assertThat(api.get("/api/tasks", t.access()).list()).isEmpty();
    Api.Response unknown = api.post("/api/exposure?aws_cred=nope", t.access(), null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.map()).containsEntry("code", "not_found");
    for (String cred : List.of("%00", "a%20b", "x".repeat(300), "..", "%F0%9F%92%A5")) {
      Api.Response r = api.post("/api/exposure?aws_cred=" + cred, t.access(), null);
      assertThat(r.status()).as(cred + " -> " + r.body()).isEqualTo(404);
    }
    assertThat(api.get("/api/aws-credentials/nope/health", t.access()).status()).isEqualTo(404);
    assertThat(api.get("/api/aws-credentials/a%20b/health", t.access()).status()).isEqualTo(404);
    assertThat(api.post("/api/exposure", null, null).status()).isEqualTo(401);
    assertThat(api.get("/api/aws-credentials/main/health", null).status()).isEqualTo(401);
  }
}
