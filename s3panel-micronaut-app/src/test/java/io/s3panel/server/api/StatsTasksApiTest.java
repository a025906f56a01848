package io.s3panel.server.api;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.LatencyProxy;
import io.s3panel.testing.S3ProxyServer;
import io.s3panel.server.TestProperties;
import io.s3panel.server.persistence.TaskKind;
import io.s3panel.server.persistence.TaskRepository;
import io.s3panel.server.persistence.TaskRow;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Statistics tasks: progress while running, never stuck in "running" after a stop, a crash or an S3 failure. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsTasksApiTest {
  S3ProxyServer s3;

  @BeforeAll
  void start() {
    s3 = S3ProxyServer.start();
    for (String b : List.of("b-one", "b-two", "b-three")) {
      s3.bucket(b).putAll(b, IntStream.range(0, 30).mapToObj(i -> "k" + i).collect(Collectors.toList()));
    }
  }

  @AfterAll
  void stop() {
    s3.close();
  }

  Map<String, Object> properties(String dbUrl) {
    Map<String, Object> p = new HashMap<>();
    p.put("datasources.default.url", dbUrl);
    p.put("s3panel.stats-bucket-concurrency", 1);
    p.put("s3panel.tasks.heartbeat", "200ms");
    p.put("s3panel.tasks.stale-after", "2s");
    p.put("s3panel.tasks.sweep-interval", "300ms");
    return p;
  }

  String addSet(Api api, Api.Tokens t, String endpoint) {
    Api.Response r = api.post("/api/aws-credentials/add", t.access(), obj("identifier", "main",
        "aws_access_key_id", s3.accessKeyId(), "aws_secret_access_key", s3.secretAccessKey(),
        "endpoint_url", endpoint, "path_style", true));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return "main";
  }

  @Test
  void runningTask_reportsProgress_thenCompletes() throws Exception {
    try (LatencyProxy slow = LatencyProxy.start(s3.endpoint(), 150);
        Api api = Api.start(properties(TestProperties.h2Url()))) {
      Api.Tokens t = api.registerAndLogin("stats-progress");
      addSet(api, t, slow.endpoint().toString());
      String task = api.post("/api/objects/metadata?aws_cred=main", t.access(), null).string("task_id");
      Api.Response running = api.get("/api/check_task_status/" + task, t.access());
      // Claiming is asynchronous: "queued" is a right answer until a worker takes the task (each S3 call
      // then takes 150 ms, so the scan is still running when it is first seen claimed).
      long deadline = System.nanoTime() + 10_000_000_000L;
      while ("queued".equals(running.map().get("status")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
        running = api.get("/api/check_task_status/" + task, t.access());
      }
      assertThat(running.status()).isEqualTo(202);
      assertThat(running.map()).containsEntry("status", "running").containsKey("progress");
      Map<String, Object> last = awaitDone(api, t, task);
      assertThat(last).containsEntry("status", "completed");
    }
  }

  @Test
  void taskRunningWhenTheServerStops_readsFailedAfterRestart() throws Exception {
    String db = TestProperties.h2Url();
    String task;
    Api.Tokens t;
    try (LatencyProxy slow = LatencyProxy.start(s3.endpoint(), 400)) {
      Api first = Api.start(properties(db));
      t = first.registerAndLogin("stats-restart");
      addSet(first, t, slow.endpoint().toString());
      task = first.get("/api/objects/metadata?aws_cred=main", t.access()).string("task_id");
      Thread.sleep(300);
      first.close();
      try (Api second = Api.start(properties(db))) {
        Api.Tokens again = second.login("stats-restart", t.password());
        Api.Response r = second.get("/api/check_task_status/" + task, again.access());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.map()).containsEntry("status", "failed");
        assertThat(r.string("message")).contains("server stopped");
      }
    }
  }

  @Test
  void taskWhoseRunnerDied_isFailedBySweeper_onAnyInstance() throws Exception {
    try (Api api = Api.start(properties(TestProperties.h2Url()))) {
      Api.Tokens t = api.registerAndLogin("stats-crash");
      long userId = Long.parseLong(String.valueOf(((Number) claimsUserId(api, t)).longValue()));
      TaskRepository tasks = api.context().getBean(TaskRepository.class);
      Instant longAgo = Instant.now().minusSeconds(60);
      // A task "run" by an instance that crashed a minute ago: its heartbeat stopped then.
      tasks.save(TaskRow.running("0123456789abcdef0123456789abcdef", userId, TaskKind.STATISTICS, "main",
          "crashed-instance", longAgo));
      Map<String, Object> status = null;
      for (int i = 0; i < 50; i++) {
        status = api.get("/api/check_task_status/0123456789abcdef0123456789abcdef", t.access()).map();
        if (!"running".equals(status.get("status"))) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(status).containsEntry("status", "failed");
      assertThat((String) status.get("message")).contains("stopped before it finished");
    }
  }

  @Test
  void s3GoingAwayMidScan_endsTheTaskFailedWithAMessage() throws Exception {
    try (Api api = Api.start(properties(TestProperties.h2Url()))) {
      Api.Tokens t = api.registerAndLogin("stats-s3down");
      LatencyProxy slow = LatencyProxy.start(s3.endpoint(), 300);
      addSet(api, t, slow.endpoint().toString());
      String task = api.get("/api/objects/metadata?aws_cred=main", t.access()).string("task_id");
      Thread.sleep(400);
      slow.close(); // S3 disappears in the middle of the scan
      Map<String, Object> last = awaitDone(api, t, task);
      assertThat(last).containsEntry("status", "failed");
      assertThat((String) last.get("message")).isNotBlank();
      assertThat(api.get("/health", null).status()).isEqualTo(200);
    }
  }

  Object claimsUserId(Api api, Api.Tokens t) throws Exception {
    String payload = t.access().split("\\.")[1];
    Map<String, Object> claims = api.context().getBean(io.micronaut.json.JsonMapper.class).readValue(
        java.util.Base64.getUrlDecoder().decode(payload),
        io.micronaut.core.type.Argument.mapOf(String.class, Object.class));
    return claims.get("user_id");
  }

  Map<String, Object> awaitDone(Api api, Api.Tokens t, String task) throws Exception {
    Map<String, Object> last = null;
    for (int i = 0; i < 300; i++) {
      Api.Response r = api.get("/api/check_task_status/" + task, t.access());
      last = r.map();
      if (r.status() == 200) {
        return last;
      }
      Thread.sleep(100);
    }
    return last;
  }
}
