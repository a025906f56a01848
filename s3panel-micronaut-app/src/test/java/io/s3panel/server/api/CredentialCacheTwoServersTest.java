package io.s3panel.server.api;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.core.S3Panel;
import io.s3panel.core.credentials.CachingCredentialStore;
import io.s3panel.testing.S3ProxyServer;
import io.s3panel.server.TestProperties;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The credential-row cache with two servers on one database (H2 here, PostgreSQL in
 * {@link CredentialCacheTwoServersPostgresTest}): a change through server A is seen by A at once and by B
 * within {@code S3PANEL_CREDENTIAL_CACHE_TTL}; deleting a set or an account drops its cached S3 clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialCacheTwoServersTest {
  static final Duration TTL = Duration.ofSeconds(1);
  /** One HTTP round trip on a loaded machine, on top of the TTL. */
  static final Duration SLACK = Duration.ofMillis(1500);

  S3ProxyServer s3;
  S3ProxyServer otherS3;
  TwoServers servers;
  Api first;
  Api second;

  /** Where both servers keep their data: by default one shared in-memory H2. */
  Map<String, Object> database() throws Exception {
    return Map.of("datasources.default.url", TestProperties.h2Url());
  }

  /** Cleans up after {@link #database()}. */
  void dropDatabase() throws Exception {}

  @BeforeAll
  void start() throws Exception {
    s3 = S3ProxyServer.start().bucket("shared-bucket");
    otherS3 = S3ProxyServer.start().bucket("moved-bucket");
    servers = TwoServers.start(database(), Map.of("s3panel.credential-cache-ttl", TTL.toMillis() + "ms"));
    first = servers.first;
    second = servers.second;
  }

  @AfterAll
  void stop() throws Exception {
    if (servers != null) {
      servers.close();
    }
    s3.close();
    otherS3.close();
    dropDatabase();
  }

  @Test
  void repeatedUse_readsTheRowOnceWithinTheTtl() {
    Api.Tokens t = first.registerAndLogin("cache-reuse");
    add(first, t, "reused");
    CachingCredentialStore.Stats before = cache(first).stats();
    for (int i = 0; i < 5; i++) {
      assertThat(first.get("/api/buckets?aws_cred=reused", t.access()).status()).isEqualTo(200);
    }
    CachingCredentialStore.Stats after = cache(first).stats();
    assertThat(after.misses() - before.misses()).as("database reads").isLessThanOrEqualTo(1);
    assertThat(after.hits() - before.hits()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void updateOnServerA_isSeenOnAAtOnce_andOnBWithinTheTtl() throws Exception {
    Api.Tokens t = first.registerAndLogin("cache-update");
    add(first, t, "moving");
    assertThat(buckets(second, t, "moving")).contains("shared-bucket"); // B caches the row

    Api.Response put = first.put("/api/aws-credentials/moving", t.access(), obj(
        "aws_access_key_id", otherS3.accessKeyId(), "aws_secret_access_key", otherS3.secretAccessKey(),
        "endpoint_url", otherS3.endpoint().toString()));
    assertThat(put.status()).as(put.body()).isEqualTo(200);

    assertThat(buckets(first, t, "moving")).as("the same server, at once").contains("moved-bucket");
    Duration seen = waitUntil(() -> buckets(second, t, "moving"), b -> b.contains("moved-bucket"));
    assertThat(seen).as("the other server within the TTL").isLessThanOrEqualTo(TTL.plus(SLACK));
  }

  @Test
  void deleteOnServerA_is404OnAAtOnce_andOnBWithinTheTtl_andDropsTheClients() throws Exception {
    Api.Tokens t = first.registerAndLogin("cache-delete");
    add(first, t, "doomed");
    assertThat(first.get("/api/buckets?aws_cred=doomed", t.access()).status()).isEqualTo(200);
    assertThat(second.get("/api/buckets?aws_cred=doomed", t.access()).status()).isEqualTo(200);
    int firstClients = panel(first).connections().stats().cached();
    int secondClients = panel(second).connections().stats().cached();

    assertThat(first.delete("/api/aws-credentials/doomed", t.access(), null).status()).isIn(200, 204);

    assertThat(panel(first).connections().stats().cached()).as("A's client dropped with the set")
        .isEqualTo(firstClients - 1);
    assertThat(first.get("/api/buckets?aws_cred=doomed", t.access()).status()).isEqualTo(404);
    Duration seen = waitUntil(() -> second.get("/api/buckets?aws_cred=doomed", t.access()).status(), s -> s == 404);
    assertThat(seen).isLessThanOrEqualTo(TTL.plus(SLACK));
    assertThat(panel(second).connections().stats().cached()).as("B drops its client once it finds the set gone")
        .isEqualTo(secondClients - 1);
  }

  @Test
  void accountDeletion_dropsTheOwnersCachedClientsAndRows_andBStopsServingWithinTheTtl() throws Exception {
    Api.Tokens t = first.registerAndLogin("cache-leaver");
    add(first, t, "one");
    add(first, t, "two");
    for (String set : new String[] {"one", "two"}) {
      assertThat(first.get("/api/buckets?aws_cred=" + set, t.access()).status()).isEqualTo(200);
      assertThat(second.get("/api/buckets?aws_cred=" + set, t.access()).status()).isEqualTo(200);
    }
    int clients = panel(first).connections().stats().cached();
    int rows = cache(first).stats().size();

    assertThat(first.delete("/api/account", t.access(), obj("password", t.password())).status()).isEqualTo(204);

    assertThat(panel(first).connections().stats().cached()).as("both clients, with their decrypted keys, gone")
        .isEqualTo(clients - 2);
    assertThat(cache(first).stats().size()).as("both rows gone").isEqualTo(rows - 2);
    Duration seen = waitUntil(() -> second.get("/api/buckets?aws_cred=one", t.access()).status(), s -> s != 200);
    assertThat(seen).isLessThanOrEqualTo(TTL.plus(SLACK));
    assertThat(second.get("/api/buckets?aws_cred=one", t.access()).status()).isIn(401, 404);
  }

  private void add(Api api, Api.Tokens t, String identifier) {
    Api.Response r = api.post("/api/aws-credentials/add", t.access(), obj("identifier", identifier,
        "aws_access_key_id", s3.accessKeyId(), "aws_secret_access_key", s3.secretAccessKey(),
        "region_name", "us-east-1", "endpoint_url", s3.endpoint().toString(), "path_style", true));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  private static String buckets(Api api, Api.Tokens t, String identifier) {
    Api.Response r = api.get("/api/buckets?aws_cred=" + identifier, t.access());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static S3Panel panel(Api api) {
    return api.context().getBean(S3Panel.class);
  }

  private static CachingCredentialStore cache(Api api) {
    return (CachingCredentialStore) panel(api).store();
  }

  /** Polls {@code probe} every 50 ms until {@code done}; how long it took, or a failure after 10 s. */
  private static <T> Duration waitUntil(java.util.function.Supplier<T> probe, Predicate<T> done)
      throws InterruptedException {
    long start = System.nanoTime();
    while (true) {
      T value = probe.get();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      if (done.test(value)) {
        return elapsed;
      }
      assertThat(elapsed).as("still " + value).isLessThan(Duration.ofSeconds(10));
      Thread.sleep(50);
    }
  }
}
