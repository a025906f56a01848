package io.s3panel.server.security;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.ErrorServer;
import io.s3panel.testing.LatencyProxy;
import io.s3panel.testing.S3ProxyServer;
import io.s3panel.server.api.Api;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** SECURITY.md item 19: S3 throttling, hanging and vanishing mid-request, with other users unaffected. */
class S3FaultsTest {
  static final Map<String, Object> TIMEOUTS = Map.of("s3panel.s3-attempt-timeout", "1500ms",
      "s3panel.s3-call-timeout", "4s", "s3panel.s3-max-attempts", 3);

  static Map<String, Object> set(S3ProxyServer s3, String identifier, java.net.URI endpoint) {
    return obj("identifier", identifier, "aws_access_key_id", s3.accessKeyId(),
        "aws_secret_access_key", s3.secretAccessKey(), "endpoint_url", endpoint.toString(), "path_style", true);
  }

  @Test
  void slowDown503_isRetriedABoundedNumberOfTimes_thenA502() {
    try (S3ProxyServer s3 = S3ProxyServer.start(); ErrorServer slow = ErrorServer.slowDown(); Api api = Api.start(TIMEOUTS)) {
      Api.Tokens t = api.registerAndLogin("fault-slowdown");
      long start = System.nanoTime();
      Api.Response r = api.post("/api/aws-credentials/add", t.access(), set(s3, "throttled", slow.endpoint()));
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.status()).isEqualTo(502);
      assertThat(r.map()).containsEntry("code", "aws_unreachable");
      assertThat(r.string("error")).contains("SlowDown");
      assertThat(slow.requests()).as("attempts").isEqualTo(3);
      assertThat(ms).as("within the call timeout").isLessThan(4000 + 1500);
    }
  }

  @Test
  void s3VanishingInTheMiddleOfAFolderPage_is502_andTheNextRequestsWork() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start(); Api api = Api.start(TIMEOUTS)) {
      s3.bucket("mid").putAll("mid", IntStream.range(0, 20).mapToObj(i -> "f" + i).collect(Collectors.toList()));
      LatencyProxy proxy = LatencyProxy.start(s3.endpoint(), 0);
      Api.Tokens t = api.registerAndLogin("fault-vanish");
      assertThat(api.post("/api/aws-credentials/add", t.access(), set(s3, "via-proxy", proxy.endpoint())).status())
          .isEqualTo(201);
      assertThat(api.post("/api/aws-credentials/add", t.access(), set(s3, "direct", s3.endpoint())).status())
          .isEqualTo(201);
      proxy.delay(700); // every S3 call of the page now takes 0.7 s: the page takes seconds
      CompletableFuture<Api.Response> page = CompletableFuture.supplyAsync(() ->
          api.get("/api/buckets/mid/folders?aws_cred=via-proxy&max_keys=20", t.access()));
      Thread.sleep(1000);
      proxy.close(); // S3 disappears mid-page
      Api.Response r = page.get();
      assertThat(r.status()).as(r.body()).isIn(502, 504);
      assertThat(r.map()).containsKeys("error", "code");
      assertThat(api.get("/api/buckets/mid/folders?aws_cred=direct", t.access()).status()).isEqualTo(200);
    }
  }

  @Test
  void oneUsersHangingS3_doesNotSlowOtherUsers() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start().bucket("okay"); Api api = Api.start(TIMEOUTS);
        LatencyProxy proxy = LatencyProxy.start(s3.endpoint(), 0)) {
      Api.Tokens victim = api.registerAndLogin("fault-hang");
      Api.Tokens other = api.registerAndLogin("fault-other");
      assertThat(api.post("/api/aws-credentials/add", victim.access(), set(s3, "main", proxy.endpoint())).status())
          .isEqualTo(201);
      assertThat(api.post("/api/aws-credentials/add", other.access(), set(s3, "main", s3.endpoint())).status())
          .isEqualTo(201);
      proxy.delay(60_000); // the victim's S3 now never answers in time
      var hanging = IntStream.range(0, 8).mapToObj(i -> CompletableFuture.supplyAsync(() ->
          api.get("/api/buckets?aws_cred=main", victim.access()))).collect(Collectors.toList());
      Thread.sleep(300);
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        assertThat(api.get("/api/buckets?aws_cred=main", other.access()).status()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).as("another user's request while S3 hangs for the first")
            .isLessThan(1500);
      }
      for (var f : hanging) {
        Api.Response r = f.get();
        assertThat(r.status()).isEqualTo(504);
        assertThat(r.map()).containsEntry("code", "aws_timeout");
      }
    }
  }
}
