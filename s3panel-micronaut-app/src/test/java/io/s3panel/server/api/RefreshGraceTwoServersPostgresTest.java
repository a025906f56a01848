package io.s3panel.server.api;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.server.PostgresSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * SECURITY.md item 12 across servers: two servers sharing one PostgreSQL (and one signing key), concurrent
 * refreshes with one token split between them all get 200 and the same successor; reuse after the grace
 * period still revokes the family for both. Runs only with S3PANEL_TEST_POSTGRES=true.
 */
@EnabledIfEnvironmentVariable(named = "S3PANEL_TEST_POSTGRES", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshGraceTwoServersPostgresTest {
  private final PostgresSchema schema = new PostgresSchema("s3panel_grace");
  TwoServers servers;
  Api first;
  Api second;

  @BeforeAll
  void start() throws Exception {
    servers = TwoServers.start(schema.create(), Map.of("s3panel.refresh-grace", "3s"));
    first = servers.first;
    second = servers.second;
  }

  @AfterAll
  void stop() throws Exception {
    if (servers != null) {
      servers.close();
    }
    schema.drop();
  }

  @Test
  void concurrentRefreshesSplitBetweenTwoServers_allSucceedWithOneSuccessor() throws Exception {
    for (int round = 0; round < 5; round++) {
      Api.Tokens t = first.registerAndLogin("split-" + round);
      List<Api.Response> answers = splitConcurrently(10, t.refresh());

      assertThat(answers).extracting(Api.Response::status).as("round %d", round).containsOnly(200);
      List<String> successors = answers.stream().map(r -> r.string("refresh")).distinct().toList();
      assertThat(successors).as("round %d: one successor", round).hasSize(1);
      for (int i = 0; i < answers.size(); i++) {
        Api api = i % 2 == 0 ? second : first;
        assertThat(api.get("/api/aws-credentials", answers.get(i).string("access")).status()).isEqualTo(200);
      }
      Api.Response next = second.post("/api/token/refresh", null, obj("refresh", successors.get(0)));
      assertThat(next.status()).as("the successor is current on the other server too").isEqualTo(200);
    }
  }

  @Test
  void reuseAfterTheGracePeriod_onTheOtherServer_revokesTheFamilyForBoth() throws Exception {
    Api.Tokens t = first.registerAndLogin("late-reuser");
    Api.Response rotated = first.post("/api/token/refresh", null, obj("refresh", t.refresh()));
    assertThat(rotated.status()).isEqualTo(200);
    Api.Response withinGrace = second.post("/api/token/refresh", null, obj("refresh", t.refresh()));
    assertThat(withinGrace.status()).isEqualTo(200);
    assertThat(withinGrace.string("refresh")).isEqualTo(rotated.string("refresh"));

    Thread.sleep(3_500);
    assertThat(second.post("/api/token/refresh", null, obj("refresh", t.refresh())).status()).isEqualTo(401);
    assertThat(first.post("/api/token/refresh", null, obj("refresh", rotated.string("refresh"))).status())
        .as("the family is revoked in the shared database").isEqualTo(401);
  }

  /** {@code n} refreshes with one token, released at once, alternating between the two servers. */
  private List<Api.Response> splitConcurrently(int n, String refresh) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Api.Response>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Api api = i % 2 == 0 ? first : second;
        futures.add(pool.submit(() -> {
          go.await();
          return api.post("/api/token/refresh", null, obj("refresh", refresh));
        }));
      }
      go.countDown();
      List<Api.Response> out = new ArrayList<>();
      for (Future<Api.Response> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
