package io.s3panel.server.api;

import io.s3panel.server.Concurrently;
import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.LatencyProxy;
import io.s3panel.testing.S3ProxyServer;
import io.s3panel.server.TestProperties;
import io.s3panel.server.persistence.TaskRepository;
import io.s3panel.server.persistence.TaskRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The task endpoints: list, cancel, coalescing, the per-user cap and fair order across users. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TasksApiTest {
  S3ProxyServer s3;

  @BeforeAll
  void start() {
    s3 = S3ProxyServer.start();
    for (String b : List.of("t-one", "t-two", "t-three")) {
      s3.bucket(b).putAll(b, IntStream.range(0, 20).mapToObj(i -> "k" + i).collect(Collectors.toList()));
    }
  }

  @AfterAll
  void stop() {
    s3.close();
  }

  static Map<String, Object> properties(Map<String, Object> extra) {
    Map<String, Object> p = new HashMap<>();
    p.put("datasources.default.url", TestProperties.h2Url());
    p.put("s3panel.stats-bucket-concurrency", 1);
    p.putAll(extra);
    return p;
  }

  void addSets(Api api, Api.Tokens t, String endpoint, int n) {
    for (int i = 0; i < n; i++) {
      Api.Response r = api.post("/api/aws-credentials/add", t.access(), obj("identifier", "set" + i,
          "aws_access_key_id", s3.accessKeyId(), "aws_secret_access_key", s3.secretAccessKey(),
          "endpoint_url", endpoint, "path_style", true));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
  }

  @Test
  void list_showsOnlyTheCallersTasks_newestFirst_andFiltersByStatus() throws Exception {
    try (Api api = Api.start(properties(Map.of()))) {
      Api.Tokens alice = api.registerAndLogin("tasks-list-a");
      Api.Tokens bob = api.registerAndLogin("tasks-list-b");
      addSets(api, alice, s3.endpoint().toString(), 2);
      addSets(api, bob, s3.endpoint().toString(), 1);
      String first = api.post("/api/objects/metadata?aws_cred=set0", alice.access(), null).string("task_id");
      awaitFinished(api, alice, first);
      String second = api.post("/api/objects/metadata?aws_cred=set1", alice.access(), null).string("task_id");
      awaitFinished(api, alice, second);
      String bobs = api.post("/api/objects/metadata?aws_cred=set0", bob.access(), null).string("task_id");

      Api.Response list = api.get("/api/tasks", alice.access());
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.list()).extracting(m -> m.get("task_id")).containsExactly(second, first);
      Map<String, Object> entry = list.list().get(0);
      assertThat(entry).containsOnlyKeys("task_id", "kind", "status", "created_at", "progress");
      assertThat(entry).containsEntry("kind", "statistics").containsEntry("status", "completed");
      assertThat(entry.get("progress")).isInstanceOf(Map.class);
      assertThat(api.get("/api/tasks/?status=completed", alice.access()).list()).hasSize(2);
      assertThat(api.get("/api/tasks?status=running", alice.access()).list()).isEmpty();
      assertThat(api.get("/api/tasks", bob.access()).list()).extracting(m -> m.get("task_id")).containsExactly(bobs);
      Api.Response bad = api.get("/api/tasks?status=sleeping", alice.access());
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.map()).containsEntry("code", "validation_failed");
    }
  }

  @Test
  void cancel_runningScan_readsCancelledWithinASecond_withWhatItHadDone_andNothingIsWrittenAfter() throws Exception {
    try (LatencyProxy slow = LatencyProxy.start(s3.endpoint(), 0);
        Api api = Api.start(properties(Map.of()))) {
      Api.Tokens t = api.registerAndLogin("tasks-cancel");
      addSets(api, t, slow.endpoint().toString(), 1);
      slow.delay(1500); // every S3 call now takes 1.5 s: the scan is mid-call when cancelled
      String task = api.post("/api/objects/metadata?aws_cred=set0", t.access(), null).string("task_id");
      awaitStatus(api, t, task, "running");
      Thread.sleep(300);

      long asked = System.nanoTime();
      Api.Response cancel = api.delete("/api/tasks/" + task, t.access(), null);
      assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
      Map<String, Object> after = awaitStatus(api, t, task, "cancelled");
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);

      assertThat(tookMs).as("cancel took %d ms", tookMs).isLessThan(1000);
      assertThat(api.get("/api/check_task_status/" + task, t.access()).status()).isEqualTo(200);
      @SuppressWarnings("unchecked")
      Map<String, Object> result = (Map<String, Object>) after.get("result");
      assertThat(result).containsKeys("buckets_done", "buckets_total", "objects_counted");
      TaskRepository tasks = api.context().getBean(TaskRepository.class);
      TaskRow ended = tasks.findById(task).orElseThrow();
      Thread.sleep(2000); // the scan's in-flight call returns meanwhile
      TaskRow later = tasks.findById(task).orElseThrow();
      assertThat(later.updatedAt()).isEqualTo(ended.updatedAt());
      assertThat(later.resultJson()).isEqualTo(ended.resultJson());
      assertThat(later.progressJson()).isEqualTo(ended.progressJson());
      assertThat(later.status().wire()).isEqualTo("cancelled");

      Api.Response again = api.delete("/api/tasks/" + task, t.access(), null);
      assertThat(again.status()).isEqualTo(409);
      assertThat(again.map()).containsEntry("code", "conflict");
    }
  }

  @Test
  void cancel_finishedTask_is409_andAnotherUsersTask_is404_andAMalformedId_is404() throws Exception {
    try (Api api = Api.start(properties(Map.of()))) {
      Api.Tokens alice = api.registerAndLogin("tasks-409-a");
      Api.Tokens bob = api.registerAndLogin("tasks-409-b");
      addSets(api, alice, s3.endpoint().toString(), 1);
      String task = api.post("/api/objects/metadata?aws_cred=set0", alice.access(), null).string("task_id");

      Api.Response bobs = api.delete("/api/tasks/" + task, bob.access(), null);
      assertThat(bobs.status()).isEqualTo(404);
      assertThat(bobs.body()).doesNotContain(task);
      assertThat(api.delete("/api/tasks/not-a-task", bob.access(), null).status()).isEqualTo(404);
      assertThat(api.get("/api/check_task_status/" + task, bob.access()).status()).isEqualTo(404);

      assertThat(awaitFinished(api, alice, task)).containsEntry("status", "completed");
      Api.Response finished = api.delete("/api/tasks/" + task, alice.access(), null);
      assertThat(finished.status()).isEqualTo(409);
      assertThat(finished.map()).containsEntry("code", "conflict");
      assertThat(finished.string("error")).contains("already finished");
      assertThat(awaitFinished(api, alice, task)).containsEntry("status", "completed");
      assertThat(api.delete("/api/tasks/" + task, null, null).status()).isEqualTo(401);
    }
  }

  @Test
  void statisticsTwiceInARow_andTenAtOnce_giveOneTaskId_andANewScanOnceItEnded() throws Exception {
    try (LatencyProxy slow = LatencyProxy.start(s3.endpoint(), 0);
        Api api = Api.start(properties(Map.of()))) {
      Api.Tokens t = api.registerAndLogin("tasks-coalesce");
      addSets(api, t, slow.endpoint().toString(), 2);
      slow.delay(400);
      Api.Response one = api.get("/api/objects/metadata?aws_cred=set0", t.access());
      Api.Response two = api.get("/api/objects/metadata/?aws_cred=set0", t.access());
      assertThat(one.status()).isEqualTo(202);
      assertThat(two.status()).isEqualTo(202);
      assertThat(two.string("task_id")).isEqualTo(one.string("task_id"));

      List<String> ids = Concurrently.run(10, i -> api.post("/api/objects/metadata?aws_cred=set1", t.access(), null)
          .string("task_id"));
      assertThat(new HashSet<>(ids)).hasSize(1);
      assertThat(ids.get(0)).isNotEqualTo(one.string("task_id"));

      awaitFinished(api, t, one.string("task_id"));
      String fresh = api.get("/api/objects/metadata?aws_cred=set0", t.access()).string("task_id");
      assertThat(fresh).isNotEqualTo(one.string("task_id"));
    }
  }

  @Test
  void perUserCap_refusesTheSixthActiveTask_with429AndRetryAfter_andOtherUsersAreNotAffected() throws Exception {
    try (LatencyProxy slow = LatencyProxy.start(s3.endpoint(), 0);
        Api api = Api.start(properties(Map.of("s3panel.tasks.workers", 1, "s3panel.tasks.per-user-running", 1)))) {
      Api.Tokens flooder = api.registerAndLogin("tasks-cap-a");
      Api.Tokens other = api.registerAndLogin("tasks-cap-b");
      addSets(api, flooder, slow.endpoint().toString(), 6);
      addSets(api, other, slow.endpoint().toString(), 1);
      slow.delay(300);
      List<String> accepted = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Api.Response r = api.post("/api/objects/metadata?aws_cred=set" + i, flooder.access(), null);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        accepted.add(r.string("task_id"));
      }

      Api.Response sixth = api.post("/api/objects/metadata?aws_cred=set5", flooder.access(), null);
      assertThat(sixth.status()).isEqualTo(429);
      assertThat(sixth.map()).containsEntry("code", "rate_limited");
      assertThat(sixth.string("error")).contains("5 tasks queued or running").contains("DELETE /api/tasks/");
      assertThat(Integer.parseInt(sixth.header("Retry-After"))).isPositive();
      // A coalesced request is no new task: it is answered even at the cap.
      assertThat(api.post("/api/objects/metadata?aws_cred=set0", flooder.access(), null).string("task_id"))
          .isEqualTo(accepted.get(0));
      assertThat(api.post("/api/objects/metadata?aws_cred=set0", other.access(), null).status()).isEqualTo(202);

      // Cancelling one frees a place.
      assertThat(api.delete("/api/tasks/" + accepted.get(4), flooder.access(), null).status()).isEqualTo(202);
      assertThat(api.get("/api/check_task_status/" + accepted.get(4), flooder.access()).map())
          .containsEntry("status", "cancelled");
      assertThat(api.post("/api/objects/metadata?aws_cred=set5", flooder.access(), null).status()).isEqualTo(202);
    }
  }

  @Test
  void fairOrder_anotherUsersFirstTask_runsBeforeTheFloodersQueuedOnes() throws Exception {
    try (LatencyProxy slow = LatencyProxy.start(s3.endpoint(), 0);
        Api api = Api.start(properties(Map.of("s3panel.tasks.workers", 1)))) {
      Api.Tokens flooder = api.registerAndLogin("tasks-fair-a");
      Api.Tokens other = api.registerAndLogin("tasks-fair-b");
      addSets(api, flooder, slow.endpoint().toString(), 5);
      addSets(api, other, slow.endpoint().toString(), 1);
      slow.delay(150);
      List<String> flood = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        flood.add(api.post("/api/objects/metadata?aws_cred=set" + i, flooder.access(), null).string("task_id"));
      }
      awaitStatus(api, flooder, flood.get(0), "running");
      String mine = api.post("/api/objects/metadata?aws_cred=set0", other.access(), null).string("task_id");

      assertThat(awaitFinished(api, other, mine)).containsEntry("status", "completed");
      for (String id : flood) {
        awaitFinished(api, flooder, id);
      }
      TaskRepository tasks = api.context().getBean(TaskRepository.class);
      TaskRow mineRow = tasks.findById(mine).orElseThrow();
      for (String id : flood.subList(1, 5)) {
        assertThat(mineRow.startedAt()).as("the other user's task starts before the flooder's queued " + id)
            .isBefore(tasks.findById(id).orElseThrow().startedAt());
      }
    }
  }

  Map<String, Object> awaitStatus(Api api, Api.Tokens t, String task, String status) throws Exception {
    Map<String, Object> last = null;
    for (int i = 0; i < 400; i++) {
      last = api.get("/api/check_task_status/" + task, t.access()).map();
      if (status.equals(last.get("status"))) {
        return last;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("task " + task + " never reached " + status + ": " + last);
  }

  static Map<String, Object> awaitFinished(Api api, Api.Tokens t, String task) throws Exception {
    Map<String, Object> last = null;
    for (int i = 0; i < 600; i++) {
      Api.Response r = api.get("/api/check_task_status/" + task, t.access());
      last = r.map();
      if (r.status() == 200) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("task " + task + " never finished: " + last);
  }

}
