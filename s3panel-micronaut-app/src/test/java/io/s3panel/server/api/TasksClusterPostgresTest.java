package io.s3panel.server.api;

import io.s3panel.server.Concurrently;
import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.LatencyProxy;
import io.s3panel.testing.S3ProxyServer;
import io.s3panel.server.PostgresSchema;
import io.s3panel.server.persistence.TaskRepository;
import io.s3panel.server.persistence.TaskRow;
import io.s3panel.server.tasks.TaskService;
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
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Two servers sharing one PostgreSQL (switched on by S3PANEL_TEST_POSTGRES=true): coalescing, the per-user
 * cap, claiming and cancelling hold across them.
 */
@EnabledIfEnvironmentVariable(named = "S3PANEL_TEST_POSTGRES", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TasksClusterPostgresTest {
  final PostgresSchema schema = new PostgresSchema("s3panel_tasks");
  S3ProxyServer s3;
  LatencyProxy slow;
  TwoServers servers;
  Api one;
  Api two;

  @BeforeAll
  void start() throws Exception {
    s3 = S3ProxyServer.start();
    for (String b : List.of("c-one", "c-two", "c-three")) {
      s3.bucket(b).putAll(b, IntStream.range(0, 20).mapToObj(i -> "k" + i).collect(Collectors.toList()));
    }
    slow = LatencyProxy.start(s3.endpoint(), 0);
    servers = TwoServers.start(schema.create(), Map.of("s3panel.stats-bucket-concurrency", 1));
    one = servers.first;
    two = servers.second;
  }

  @AfterAll
  void stop() throws Exception {
    servers.close();
    slow.close();
    s3.close();
    schema.drop();
  }

  void addSets(Api api, Api.Tokens t, int n) {
    for (int i = 0; i < n; i++) {
      Api.Response r = api.post("/api/aws-credentials/add", t.access(), obj("identifier", "set" + i,
          "aws_access_key_id", s3.accessKeyId(), "aws_secret_access_key", s3.secretAccessKey(),
          "endpoint_url", slow.endpoint().toString(), "path_style", true));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
  }

  Api server(int i) {
    return i % 2 == 0 ? one : two;
  }

  @Test
  void coalescing_andTheCap_holdAcrossServers_andEveryTaskIsRunOnceByOneOfThem() throws Exception {
    slow.delay(0);
    Api.Tokens t = one.registerAndLogin("cluster-cap");
    addSets(one, t, 7);
    slow.delay(600); // set0's scan outlasts the burst below

    List<String> same = Concurrently.run(10, i -> server(i)
        .post("/api/objects/metadata?aws_cred=set0", t.access(), null).string("task_id"));
    assertThat(new HashSet<>(same)).hasSize(1);

    List<Api.Response> spread = Concurrently.run(12, i -> server(i)
        .post("/api/objects/metadata?aws_cred=set" + (1 + i % 6), t.access(), null));
    Set<String> accepted = spread.stream().filter(r -> r.status() == 202).map(r -> r.string("task_id"))
        .collect(Collectors.toSet());
    assertThat(accepted).hasSize(4); // 5 active at most: set0's scan plus four others
    assertThat(spread).filteredOn(r -> r.status() == 429).isNotEmpty();
    assertThat(spread).allMatch(r -> r.status() == 202 || r.status() == 429);

    accepted.add(same.get(0));
    TaskRepository tasks = one.context().getBean(TaskRepository.class);
    Set<String> instances = Set.of(one.context().getBean(TaskService.class).instanceId(),
        two.context().getBean(TaskService.class).instanceId());
    for (String id : accepted) {
      assertThat(TasksApiTest.awaitFinished(server(id.hashCode()), t, id)).containsEntry("status", "completed");
      TaskRow row = tasks.findById(id).orElseThrow();
      assertThat(row.ownerInstance()).isIn(instances);
    }
  }

  @Test
  void cancel_sentToTheOtherServer_stopsTheTaskWithinASecond() throws Exception {
    slow.delay(0);
    Api.Tokens t = one.registerAndLogin("cluster-cancel");
    addSets(one, t, 1);
    slow.delay(1500);
    String task = one.post("/api/objects/metadata?aws_cred=set0", t.access(), null).string("task_id");
    TaskRepository tasks = one.context().getBean(TaskRepository.class);
    TaskRow row = null;
    for (int i = 0; i < 200 && (row == null || row.ownerInstance() == null); i++) {
      row = tasks.findById(task).orElseThrow();
      Thread.sleep(20);
    }
    Api runner = row.ownerInstance().equals(one.context().getBean(TaskService.class).instanceId()) ? one : two;
    Api other = runner == one ? two : one;

    long asked = System.nanoTime();
    assertThat(other.delete("/api/tasks/" + task, t.access(), null).status()).isEqualTo(202);
    Map<String, Object> status = null;
    while (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked) < 3000) {
      status = other.get("/api/check_task_status/" + task, t.access()).map();
      if ("cancelled".equals(status.get("status"))) {
        break;
      }
      Thread.sleep(10);
    }
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
    assertThat(status).containsEntry("status", "cancelled");
    assertThat(tookMs).as("cancel across servers took %d ms", tookMs).isLessThan(1000);
    slow.delay(0);
  }
}
