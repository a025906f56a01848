package io.s3panel.server.api;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.LatencyProxy;
import io.s3panel.testing.S3ProxyServer;
import io.s3panel.server.TestProperties;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not part of {@code ./mvnw verify}: another user's scan latency while one user floods the
 * server with 3,000 scan requests (8 client threads, over 10 credential sets). The figures are printed
 * ({@code FLOOD:} lines); BENCHMARKS.md gives the command. Timing is never asserted here: the fair order
 * itself is proven by {@code TasksApiTest.fairOrder_anotherUsersFirstTask_runsBeforeTheFloodersQueuedOnes}.
 *
 * <pre>./mvnw -B -ntp -pl s3panel-micronaut-app -am test -Ds3panel.measure=true -Dtest=TaskFloodTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@EnabledIfSystemProperty(named = "s3panel.measure", matches = "true")
class TaskFloodTest {
  static final int FLOOD = 3000;

  @Test
  void anotherUsersScan_underA3000ScanFlood_staysCloseToItsLatencyWithoutTheFlood() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start();
        LatencyProxy s3WithLatency = LatencyProxy.start(s3.endpoint(), 0);
        Api api = Api.start(Map.of("datasources.default.url", TestProperties.h2Url()))) {
      for (String b : List.of("f-one", "f-two", "f-three")) {
        s3.bucket(b).putAll(b, IntStream.range(0, 50).mapToObj(i -> "k" + i).collect(Collectors.toList()));
      }
      Api.Tokens flooder = api.registerAndLogin("flood-a");
      Api.Tokens other = api.registerAndLogin("flood-b");
      add(api, flooder, s3, s3WithLatency, 10);
      add(api, other, s3, s3WithLatency, 1);
      s3WithLatency.delay(50); // every S3 call 50 ms, as a distant endpoint

      List<Long> baseline = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        baseline.add(scan(api, other));
      }

      ExecutorService clients = Executors.newFixedThreadPool(8);
      AtomicInteger sent = new AtomicInteger();
      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      Set<String> ids = ConcurrentHashMap.newKeySet();
      long floodStart = System.nanoTime();
      for (int c = 0; c < 8; c++) {
        clients.execute(() -> {
          for (int i = sent.getAndIncrement(); i < FLOOD; i = sent.getAndIncrement()) {
            Api.Response r = api.post("/api/objects/metadata?aws_cred=set" + (i % 10), flooder.access(), null);
            statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
            if (r.status() == 202) {
              ids.add(r.string("task_id"));
            }
          }
        });
      }
      while (sent.get() < 300) {
        Thread.sleep(5);
      }
      List<Long> underFlood = new ArrayList<>();
      for (int i = 0; i < 3 && sent.get() < FLOOD; i++) {
        underFlood.add(scan(api, other));
      }
      clients.shutdown();
      assertThat(clients.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
      long floodMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - floodStart);

      System.out.printf("FLOOD: %d scan requests from one user in %d ms (8 threads, 10 sets): statuses %s,"
          + " %d distinct tasks accepted%n", FLOOD, floodMs, statuses, ids.size());
      System.out.printf("FLOOD: another user's scan (3 buckets x 50 objects, 50 ms per S3 call): without the"
          + " flood %s ms (median %d), during it %s ms (median %d)%n", baseline, median(baseline), underFlood,
          median(underFlood));
      assertThat(statuses.get(429)).as("the flood is refused beyond the cap").isNotNull();
      assertThat(statuses.keySet()).containsOnly(202, 429);
      assertThat(underFlood).isNotEmpty();
    }
  }

  static long scan(Api api, Api.Tokens t) throws Exception {
    long start = System.nanoTime();
    Api.Response r = api.post("/api/objects/metadata?aws_cred=set0", t.access(), null);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    String id = r.string("task_id");
    for (int i = 0; i < 3000; i++) {
      Api.Response s = api.get("/api/check_task_status/" + id, t.access());
      if (s.status() == 200) {
        assertThat(s.map()).containsEntry("status", "completed");
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      }
      Thread.sleep(10);
    }
    throw new AssertionError("scan " + id + " did not finish");
  }

  static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  static void add(Api api, Api.Tokens t, S3ProxyServer s3, LatencyProxy proxy, int n) {
    for (int i = 0; i < n; i++) {
      Api.Response r = api.post("/api/aws-credentials/add", t.access(), obj("identifier", "set" + i,
          "aws_access_key_id", s3.accessKeyId(), "aws_secret_access_key", s3.secretAccessKey(),
          "endpoint_url", proxy.endpoint().toString(), "path_style", true));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
  }
}
