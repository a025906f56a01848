package io.s3panel.core.presign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.ValidationException;
import io.s3panel.core.testing.Panels;
import io.s3panel.testing.S3ProxyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PresignTest {
  static S3ProxyServer server;
  static S3Panel panel;
  static S3Account account;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = S3ProxyServer.start().bucket("docs")
        .put("docs", "media/LICENSE.txt", "MIT License text")
        .put("docs", "media/ünï code & space+plus.txt", "odd key body");
    panel = Panels.create();
    account = panel.open(Panels.credentials(server));
  }

  @AfterAll
  static void stop() {
    account.close();
    panel.close();
    server.close();
  }

  @Test
  void presignedGet_fetchedWithPlainHttpClient_returnsTheObject() throws Exception {
    PresignedUrl url = account.presign(PresignRequest.of(b -> b.bucket("docs").key("media/LICENSE.txt")));
    assertThat(url.url().toString()).startsWith(server.endpoint() + "/docs/media/LICENSE.txt?");
    assertThat(url.url().getQuery()).contains("X-Amz-Expires=3600").contains("X-Amz-Signature=");
    assertThat(url.expiresAt()).isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url.url().toURI()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("MIT License text");
    assertThat(url.toString()).doesNotContain("Signature");
  }

  @Test
  void presignedGet_ofAKeyWithUnicodeSpacesAndPlus_works() throws Exception {
    PresignedUrl url = account.presign(PresignRequest.of(b -> b.bucket("docs").key("media/ünï code & space+plus.txt")
        .expiresIn(Duration.ofSeconds(60))));
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url.url().toURI()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("odd key body");
  }

  @Test
  void urlSignedWithAWrongSecret_isRefusedByTheServer() throws Exception {
    try (S3Account wrong = panel.open(Panels.credentials(server).toBuilder().secretAccessKey("not-the-right-secret").build())) {
      PresignedUrl url = wrong.presign(PresignRequest.of(b -> b.bucket("docs").key("media/LICENSE.txt")));
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url.url().toURI()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body()).doesNotContain("MIT License text");
    }
  }

  @Test
  void tamperedUrl_isRefusedByTheServer() throws Exception {
    PresignedUrl url = account.presign(PresignRequest.of(b -> b.bucket("docs").key("media/LICENSE.txt")));
    URI other = URI.create(url.url().toString().replace("LICENSE.txt", "LICENSE.TXT"));
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(other).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void presignedPut_uploadsWithTheSignedContentType() throws Exception {
    PresignedUrl url = account.presign(PresignRequest.of(b -> b.bucket("docs").key("uploads/new.txt")
        .method("put").contentType("text/plain")));
    assertThat(url.method()).isEqualTo(PresignRequest.Method.PUT);
    assertThat(url.signedHeaders()).containsKey("content-type");
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url.url().toURI())
        .header("Content-Type", "text/plain")
        .PUT(HttpRequest.BodyPublishers.ofString("uploaded!")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(server.admin().getObjectAsBytes(b -> b.bucket("docs").key("uploads/new.txt")).asUtf8String())
        .isEqualTo("uploaded!");
  }

  @Test
  void expiry_isBoundedFromOneSecondToSevenDays() {
    PresignRequest.of(b -> b.bucket("docs").key("k").expiresIn(Duration.ofSeconds(1)));
    PresignRequest.of(b -> b.bucket("docs").key("k").expiresIn(Duration.ofDays(7)));
    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(999), Duration.ofSeconds(-5),
        Duration.ofDays(7).plusSeconds(1)}) {
      assertThatThrownBy(() -> PresignRequest.of(b -> b.bucket("docs").key("k").expiresIn(bad)))
          .isInstanceOf(ValidationException.class)
          .satisfies(e -> assertThat(((ValidationException) e).fieldErrors()).containsOnlyKeys("expiresIn"));
    }
  }

  @Test
  void badMethodKeyOrContentType_failValidationByField() {
    assertThatThrownBy(() -> PresignRequest.of(b -> b.bucket("docs").key("").method("DELETE")))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fieldErrors()).containsOnlyKeys("key", "method"));
    assertThatThrownBy(() -> PresignRequest.of(b -> b.bucket("docs").key("k").contentType("text/plain")))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fieldErrors()).containsOnlyKeys("contentType"));
    assertThatThrownBy(() -> PresignRequest.of(b -> b.bucket("docs").key("x".repeat(1025))))
        .isInstanceOf(ValidationException.class);
  }
}
