package io.s3panel.server.api;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.LatencyProxy;
import io.s3panel.testing.S3ProxyServer;
import io.s3panel.server.persistence.TaskRepository;
import io.s3panel.server.persistence.TaskRow;
import io.s3panel.testing.FaultProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@code POST /api/buckets/{bucket}/batch}: delete, copy and move as tasks, against the real server and S3Proxy. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchApiTest {
  S3ProxyServer s3;
  S3ProxyServer far;
  LatencyProxy slow;
  Api api;
  Api.Tokens alice;
  Api.Tokens bob;

  @BeforeAll
  void start() {
    s3 = S3ProxyServer.start();
    far = S3ProxyServer.start();
    slow = LatencyProxy.start(s3.endpoint(), 0);
    api = Api.start(TasksApiTest.properties(Map.of()));
    alice = api.registerAndLogin("batch-alice");
    bob = api.registerAndLogin("batch-bob");
    addSet(alice, "main", s3, s3.endpoint().toString());
    addSet(alice, "other", far, far.endpoint().toString());
    addSet(alice, "slow", s3, slow.endpoint().toString());
    addSet(bob, "bobs", far, far.endpoint().toString());
  }

  @AfterAll
  void stop() {
    api.close();
    slow.close();
    far.close();
    s3.close();
  }

  void addSet(Api.Tokens t, String identifier, S3ProxyServer server, String endpoint) {
    Api.Response r = api.post("/api/aws-credentials/add", t.access(), obj("identifier", identifier,
        "aws_access_key_id", server.accessKeyId(), "aws_secret_access_key", server.secretAccessKey(),
        "endpoint_url", endpoint, "path_style", true));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  String submit(Api.Tokens t, String bucket, String cred, Map<String, Object> body) {
    Api.Response r = api.post("/api/buckets/" + bucket + "/batch?aws_cred=" + cred, t.access(), body);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.map()).containsOnlyKeys("task_id");
    return r.string("task_id");
  }

  Map<String, Object> awaitFinished(Api.Tokens t, String task) throws Exception {
    return TasksApiTest.awaitFinished(api, t, task);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> result(Map<String, Object> status) {
    return (Map<String, Object>) status.get("result");
  }

  static long number(Map<String, Object> doc, String field) {
    return ((Number) doc.get(field)).longValue();
  }

  static List<String> keys(S3ProxyServer server, String bucket, String prefix) {
    return server.admin().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key).sorted().toList();
  }

  static String body(S3ProxyServer server, String bucket, String key) {
    return server.admin().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
  }

  @Test
  void delete_prefixOf1500AndNamedKeys_allGone_countsRight() throws Exception {
    List<String> big = IntStream.range(0, 1500).mapToObj(i -> String.format("big/sub%d/obj-%05d", i % 7, i)).toList();
    s3.bucket("del").putAll("del", big).put("del", "x/one.txt", "1").put("del", "x/two.txt", "22")
        .put("del", "keep/k.txt", "keep").put("del", "big-not-a-child.txt", "n");
    String task = submit(alice, "del", "main", obj("action", "delete", "prefixes", List.of("big/"),
        "keys", List.of("x/one.txt", "x/two.txt")));

    Map<String, Object> done = awaitFinished(alice, task);

    assertThat(done).containsEntry("status", "completed");
    Map<String, Object> result = result(done);
    assertThat(number(result, "objects_done")).isEqualTo(1502);
    assertThat(number(result, "objects_failed")).isZero();
    assertThat(number(result, "bytes_done")).as("the listed objects' sizes; named keys count 0")
        .isEqualTo(big.stream().mapToLong(String::length).sum());
    assertThat((List<?>) result.get("failed")).isEmpty();
    assertThat(keys(s3, "del", "")).containsExactly("big-not-a-child.txt", "keep/k.txt");
    Map<String, Object> listed = api.get("/api/tasks", alice.access()).list().stream()
        .filter(m -> task.equals(m.get("task_id"))).findFirst().orElseThrow();
    assertThat(listed).containsEntry("kind", "batch").containsEntry("status", "completed");
  }

  @Test
  void copyAndMove_withinASet_followTheNamingRules() throws Exception {
    s3.bucket("names").put("names", "a/b/c/d.txt", "D").put("names", "a/b/e.txt", "EE")
        .put("names", "solo/f.txt", "FFF").put("names", "a/bb/not-under.txt", "n");

    String copy = submit(alice, "names", "main", obj("action", "copy", "prefixes", List.of("a/b/"),
        "keys", List.of("solo/f.txt"), "destination", obj("prefix", "x/")));
    Map<String, Object> copied = awaitFinished(alice, copy);

    assertThat(copied).containsEntry("status", "completed");
    assertThat(number(result(copied), "objects_done")).isEqualTo(3);
    assertThat(number(result(copied), "bytes_done")).isEqualTo(6);
    assertThat(keys(s3, "names", "x/")).containsExactly("x/c/d.txt", "x/e.txt", "x/f.txt");
    assertThat(body(s3, "names", "x/c/d.txt")).isEqualTo("D");
    assertThat(body(s3, "names", "x/f.txt")).isEqualTo("FFF");
    assertThat(keys(s3, "names", "a/b/")).containsExactly("a/b/c/d.txt", "a/b/e.txt");
    assertThat(keys(s3, "names", "solo/")).containsExactly("solo/f.txt");

    // Rename folder a/b/ to a/z/: a move of the prefix with destination prefix a/z/, in a bucket named explicitly.
    String rename = submit(alice, "names", "main", obj("action", "move", "prefixes", List.of("a/b/"),
        "destination", obj("aws_cred", "main", "bucket", "names", "prefix", "a/z/")));
    Map<String, Object> moved = awaitFinished(alice, rename);

    assertThat(moved).containsEntry("status", "completed");
    assertThat(number(result(moved), "objects_done")).isEqualTo(2);
    assertThat(keys(s3, "names", "a/")).containsExactly("a/bb/not-under.txt", "a/z/c/d.txt", "a/z/e.txt");
    assertThat(body(s3, "names", "a/z/e.txt")).isEqualTo("EE");
  }

  @Test
  void copy_toAnotherCredentialSetOfTheSameUser_onASecondS3WithOtherKeys_streamsTheBytes() throws Exception {
    assertThat(far.accessKeyId()).isNotEqualTo(s3.accessKeyId());
    s3.bucket("cross").put("cross", "p/q/1.txt", "one").put("cross", "p/q/2.txt", "two!")
        .put("cross", "top/k.txt", "kay");
    far.bucket("far-dst");

    String task = submit(alice, "cross", "main", obj("action", "copy", "prefixes", List.of("p/"),
        "keys", List.of("top/k.txt"), "destination", obj("aws_cred", "other", "bucket", "far-dst", "prefix", "in/")));
    Map<String, Object> done = awaitFinished(alice, task);

    assertThat(done).containsEntry("status", "completed");
    assertThat(number(result(done), "objects_done")).isEqualTo(3);
    assertThat(number(result(done), "bytes_done")).isEqualTo(10);
    assertThat(keys(far, "far-dst", "")).containsExactly("in/k.txt", "in/q/1.txt", "in/q/2.txt");
    assertThat(body(far, "far-dst", "in/q/2.txt")).isEqualTo("two!");
    assertThat(keys(s3, "cross", "")).hasSize(3);
  }

  @Test
  void cancel_midBatch_readsCancelledWithinASecond_withWhatItHadDone_andNothingIsWrittenAfter() throws Exception {
    List<String> many = IntStream.range(0, 300).mapToObj(i -> String.format("src/o-%04d", i)).toList();
    s3.bucket("cancel").putAll("cancel", many);
    slow.delay(100); // every S3 call through the "slow" set takes 100 ms: the batch is mid-way for ~30 s
    try {
      String task = submit(alice, "cancel", "slow", obj("action", "copy", "prefixes", List.of("src/"),
          "destination", obj("prefix", "dst/")));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (true) {
        Map<String, Object> s = api.get("/api/check_task_status/" + task, alice.access()).map();
        @SuppressWarnings("unchecked")
        Map<String, Object> progress = (Map<String, Object>) s.get("progress");
        if ("running".equals(s.get("status")) && progress != null && number(progress, "objects_done") >= 3) {
          assertThat(progress).containsOnlyKeys("objects_done", "bytes_done", "objects_failed");
          break;
        }
        assertThat(System.nanoTime()).as("never ran: " + s).isLessThan(deadline);
        Thread.sleep(50);
      }

      long asked = System.nanoTime();
      Api.Response cancel = api.delete("/api/tasks/" + task, alice.access(), null);
      assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
      Map<String, Object> ended;
      while (true) {
        ended = api.get("/api/check_task_status/" + task, alice.access()).map();
        if (!"running".equals(ended.get("status"))) {
          break;
        }
        Thread.sleep(20);
      }
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);

      System.out.println("BatchApiTest: cancel read 'cancelled' after " + tookMs + " ms");
      assertThat(ended).containsEntry("status", "cancelled");
      assertThat(tookMs).as("cancel took %d ms", tookMs).isLessThan(1000);
      Map<String, Object> result = result(ended);
      long done = number(result, "objects_done");
      assertThat(done).isBetween(3L, 299L);
      assertThat(result).containsKeys("bytes_done", "failed");
      assertThat(keys(s3, "cancel", "dst/")).as("exactly what the result says was copied").hasSize((int) done);
      TaskRow endedRow = api.context().getBean(TaskRepository.class).findById(task).orElseThrow();
      Thread.sleep(1500);
      assertThat(keys(s3, "cancel", "dst/")).as("nothing written after the cancel").hasSize((int) done);
      assertThat(api.context().getBean(TaskRepository.class).findById(task).orElseThrow().updatedAt())
          .isEqualTo(endedRow.updatedAt());
      assertThat(api.delete("/api/tasks/" + task, alice.access(), null).status()).isEqualTo(409);
    } finally {
      slow.delay(0);
    }
  }

  @Test
  void stoppedEarly_bucketGone_readsFailed_withTheMessageAndWhatWasDone() throws Exception {
    String task = submit(alice, "no-such-bucket-here", "main", obj("action", "delete", "keys", List.of("a.txt"),
        "prefixes", List.of("p/")));

    Map<String, Object> done = awaitFinished(alice, task);

    assertThat(done).containsEntry("status", "failed");
    assertThat((String) done.get("message")).startsWith("The batch stopped early:");
    assertThat(result(done)).containsKeys("objects_done", "bytes_done", "objects_failed", "failed");
    assertThat(number(result(done), "objects_done")).isZero();
  }

  @Test
  void move_whereSomeCopiesAreDenied_completesWithEachFailureNamed_andLeavesThoseSources() throws Exception {
    s3.bucket("faults").put("faults", "m/ok-1", "1").put("faults", "m/ok-2", "22").put("faults", "m/ok-3", "333")
        .put("faults", "m/deny-1", "x").put("faults", "m/deny-2", "y");
    try (FaultProxy proxy = FaultProxy.start(s3.endpoint(), "PUT /faults/dst/deny-.*", "AccessDenied", 0)) {
      addSet(alice, "denying", s3, proxy.endpoint().toString());
      String task = submit(alice, "faults", "denying", obj("action", "move", "prefixes", List.of("m/"),
          "destination", obj("prefix", "dst/")));

      Map<String, Object> done = awaitFinished(alice, task);

      assertThat(done).containsEntry("status", "completed");
      Map<String, Object> result = result(done);
      assertThat(number(result, "objects_done")).isEqualTo(3);
      assertThat(number(result, "bytes_done")).isEqualTo(6);
      assertThat(number(result, "objects_failed")).isEqualTo(2);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> failed = (List<Map<String, Object>>) result.get("failed");
      assertThat(failed).extracting(f -> f.get("key")).containsExactlyInAnyOrder("m/deny-1", "m/deny-2");
      assertThat(failed).allSatisfy(f -> {
        assertThat(f).containsOnlyKeys("key", "code", "message").containsEntry("code", "aws_access_denied");
        assertThat((String) f.get("message")).isNotBlank();
      });
      assertThat(proxy.denied()).isEqualTo(2);
      assertThat(keys(s3, "faults", "m/")).containsExactly("m/deny-1", "m/deny-2");
      assertThat(keys(s3, "faults", "dst/")).containsExactly("dst/ok-1", "dst/ok-2", "dst/ok-3");
    }
  }

  @Test
  void delete_s3FailsMidBatch_readsFailed_withWhatWasDone_andNothingReportedDeletedIsStillThere() throws Exception {
    List<String> objects = IntStream.range(0, 1200).mapToObj(i -> String.format("d/o-%04d", i)).toList();
    s3.bucket("midway").putAll("midway", objects);
    // The first DeleteObjects call goes through; the second is refused as if the key had been revoked.
    try (FaultProxy proxy = FaultProxy.start(s3.endpoint(), "POST /midway/?\\?delete.*", "InvalidAccessKeyId", 1)) {
      addSet(alice, "revoked", s3, proxy.endpoint().toString());
      String task = submit(alice, "midway", "revoked", obj("action", "delete", "prefixes", List.of("d/")));

      Map<String, Object> done = awaitFinished(alice, task);

      assertThat(done).containsEntry("status", "failed");
      assertThat((String) done.get("message")).startsWith("The batch stopped early:");
      Map<String, Object> result = result(done);
      long deleted = number(result, "objects_done");
      assertThat(deleted).isEqualTo(1000);
      assertThat(number(result, "objects_failed")).isEqualTo(200);
      assertThat((List<?>) result.get("failed")).hasSize(200);
      // At least once: the proxy answers before reading the body, so the SDK may see a reset and retry.
      assertThat(proxy.denied()).isPositive();
      List<String> left = keys(s3, "midway", "d/");
      assertThat(left).hasSize(objects.size() - (int) deleted);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> failed = (List<Map<String, Object>>) result.get("failed");
      assertThat(failed).extracting(f -> (String) f.get("key")).containsExactlyInAnyOrderElementsOf(left);
    }
  }

  @Test
  void destinationSetOfAnotherUser_is404_andNoTaskIsCreated() {
    s3.bucket("mine").put("mine", "k.txt", "v");
    int before = api.get("/api/tasks", alice.access()).list().size();

    Api.Response r = api.post("/api/buckets/mine/batch?aws_cred=main", alice.access(), obj("action", "copy",
        "keys", List.of("k.txt"), "destination", obj("aws_cred", "bobs", "bucket", "anything")));

    assertThat(r.status()).as(r.body()).isEqualTo(404);
    assertThat(r.map()).containsEntry("code", "not_found");
    assertThat(r.body()).doesNotContain(far.accessKeyId()).doesNotContain(far.endpoint().toString());
    assertThat(api.get("/api/tasks", alice.access()).list()).hasSize(before);
    Api.Response missing = api.post("/api/buckets/mine/batch?aws_cred=main", alice.access(), obj("action", "copy",
        "keys", List.of("k.txt"), "destination", obj("aws_cred", "never-made")));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo(r.body().replace("bobs", "never-made"));
  }

  @Test
  void tenThousandShortKeys_areAccepted_storedWithTheTask_andRun() throws Exception {
    List<String> keys = IntStream.range(0, 10_000).mapToObj(i -> "k" + i).collect(Collectors.toList());
    s3.bucket("edge").putAll("edge", keys.subList(0, 50)).put("edge", "stay.txt", "s");

    slow.delay(300); // ten DeleteObjects calls of 300 ms: the task is still active when its row is read
    Map<String, Object> done;
    try {
      String task = submit(alice, "edge", "slow", obj("action", "delete", "keys", keys));
      String stored = api.context().getBean(TaskRepository.class).findById(task).orElseThrow().paramsJson();
      assertThat(stored).as("stored whole while the task is active").contains("\"k0\"", "\"k9999\"");
      done = awaitFinished(alice, task);
      assertThat(api.context().getBean(TaskRepository.class).findById(task).orElseThrow().paramsJson())
          .as("the ~90 KB of parameters are dropped once the task has ended").isNull();
    } finally {
      slow.delay(0);
    }

    assertThat(done).containsEntry("status", "completed");
    assertThat(number(result(done), "objects_done") + number(result(done), "objects_failed")).isEqualTo(10_000);
    assertThat(number(result(done), "objects_failed")).isZero();
    assertThat(keys(s3, "edge", "")).containsExactly("stay.txt");
  }

  @Test
  void tenThousandLongKeys_overTheRequestSizeLimit_are413() {
    List<String> keys = IntStream.range(0, 10_000).mapToObj(i -> String.format("%0120d", i)).toList();
    Api.Response r = api.post("/api/buckets/edge/batch?aws_cred=main", alice.access(),
        obj("action", "delete", "keys", keys));
    assertThat(r.status()).as(r.body()).isEqualTo(413);
    assertThat(r.map()).containsEntry("code", "payload_too_large");
  }

  @Test
  void badInputs_are400WithTheField_neverA5xx() {
    List<String> tooMany = IntStream.range(0, 10_001).mapToObj(i -> "k" + i).toList();
    List<String> manyPrefixes = IntStream.range(0, 101).mapToObj(i -> "p" + i + "/").toList();
    List<Object[]> cases = new ArrayList<>();
    cases.add(new Object[] {obj("action", "delete", "keys", tooMany), "keys"});
    cases.add(new Object[] {obj("action", "delete", "prefixes", manyPrefixes), "prefixes"});
    cases.add(new Object[] {obj("action", "delete"), "keys"});
    cases.add(new Object[] {obj("action", "delete", "keys", List.of(), "prefixes", List.of()), "keys"});
    cases.add(new Object[] {obj("action", "shred", "keys", List.of("a")), "action"});
    cases.add(new Object[] {obj("keys", List.of("a")), "action"});
    cases.add(new Object[] {obj("action", 3, "keys", List.of("a")), "action"});
    cases.add(new Object[] {obj("action", "copy", "keys", List.of("a")), "destination"});
    cases.add(new Object[] {obj("action", "delete", "keys", List.of("a"), "destination", obj("prefix", "x/")),
        "destination"});
    cases.add(new Object[] {obj("action", "copy", "keys", List.of("a"), "destination", "x/"), "destination"});
    cases.add(new Object[] {obj("action", "copy", "keys", List.of("a"), "destination", List.of("x/")), "destination"});
    cases.add(new Object[] {obj("action", "copy", "keys", List.of("a"), "destination", obj("bucket", 7)),
        "destination.bucket"});
    cases.add(new Object[] {obj("action", "copy", "keys", List.of("a"), "destination", obj("aws_cred", true)),
        "destination.aws_cred"});
    cases.add(new Object[] {obj("action", "copy", "keys", List.of("a"), "destination", obj("prefix", List.of())),
        "destination.prefix"});
    cases.add(new Object[] {obj("action", "copy", "keys", List.of("a"), "destination", obj("prefix", "no-slash")),
        "destination.prefix"});
    cases.add(new Object[] {obj("action", "copy", "keys", List.of("a"), "destination", obj("bucket", "Bad_Bucket")),
        "destination.bucket"});
    cases.add(new Object[] {obj("action", "copy", "keys", List.of("a"), "destination", obj("prefiks", "x/")),
        "destination.prefiks"});
    cases.add(new Object[] {obj("action", "move", "prefixes", List.of("a/"), "destination", obj("prefix", "a/b/")),
        "destination.prefix"});
    cases.add(new Object[] {obj("action", "delete", "keys", List.of("a"), "unexpected", 1), "unexpected"});
    cases.add(new Object[] {obj("action", "delete", "keys", "a"), "keys"});
    cases.add(new Object[] {obj("action", "delete", "keys", List.of("a", 2)), "keys"});
    cases.add(new Object[] {obj("action", "delete", "keys", List.of("")), "keys"});
    cases.add(new Object[] {obj("action", "delete", "keys", List.of("x".repeat(1025))), "keys"});
    cases.add(new Object[] {obj("action", "delete", "keys", List.of("é".repeat(513))), "keys"});
    cases.add(new Object[] {obj("action", "delete", "keys", List.of("a\u0000b")), "keys"});
    cases.add(new Object[] {obj("action", "delete", "prefixes", List.of("no-slash")), "prefixes"});
    cases.add(new Object[] {obj("action", "delete", "prefixes", Map.of("a", 1)), "prefixes"});
    for (Object[] c : cases) {
      Api.Response r = api.post("/api/buckets/edge-bad/batch?aws_cred=main", alice.access(), c[0]);
      String what = String.valueOf(c[0]);
      assertThat(r.status()).as(what.substring(0, Math.min(200, what.length())) + " -> " + r.body()).isEqualTo(400);
      assertThat(r.map()).containsEntry("code", "validation_failed");
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) r.map().get("fields");
      assertThat(fields).as(r.body()).containsKey((String) c[1]);
    }
    Api.Response badBucket = api.post("/api/buckets/Bad_Bucket/batch?aws_cred=main", alice.access(),
        obj("action", "delete", "keys", List.of("a")));
    assertThat(badBucket.status()).isEqualTo(400);
    for (String raw : List.of("", "[]", "{", "null", "{\"action\":\"delete\",\"keys\":[\"a\"],\"keys\":[\"b\"]}")) {
      Api.Response r = api.send("POST", "/api/buckets/edge-bad/batch?aws_cred=main", alice.access(), raw,
          "application/json");
      assertThat(r.status()).as(raw + " -> " + r.body()).isEqualTo(400);
    }
  }
}
