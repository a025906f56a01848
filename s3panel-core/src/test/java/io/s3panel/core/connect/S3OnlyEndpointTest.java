package io.s3panel.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.core.EndpointNotAllowedException;
import io.s3panel.core.ErrorCode;
import io.s3panel.core.InvalidCredentialsException;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.S3UnreachableException;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.credentials.CredentialUpdate;
import io.s3panel.core.credentials.InMemoryCredentialStore;
import io.s3panel.core.navigate.BucketSummary;
import io.s3panel.core.navigate.ObjectDetails;
import io.s3panel.testing.ErrorServer;
import io.s3panel.core.testing.Panels;
import io.s3panel.testing.PlainHttpServer;
import io.s3panel.testing.PlainHttpServer.Answer;
import io.s3panel.testing.S3ProxyServer;
import io.s3panel.testing.SilentServer;
import io.s3panel.core.vault.Keysets;
import io.s3panel.core.vault.Vault;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SECURITY.md item 26: an allowed endpoint is used only as S3. */
class S3OnlyEndpointTest {
  static final String LIST_BUCKETS = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListAllMyBucketsResult"
      + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Owner><ID>o</ID><DisplayName>o</DisplayName></Owner>"
      + "<Buckets></Buckets></ListAllMyBucketsResult>";
  static final Answer ACL = Answer.of(200, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      + "<AccessControlPolicy><Owner><ID>o</ID></Owner><AccessControlList></AccessControlList></AccessControlPolicy>");

  /** A server answering object ACL requests with an empty ACL and everything else with {@code head}. */
  static PlainHttpServer objectServer(Answer head) {
    return PlainHttpServer.start(line -> line.endsWith("?acl") ? ACL : head);
  }

  static S3ProxyServer s3;

  @BeforeAll
  static void start() {
    s3 = S3ProxyServer.start().bucket("bkt");
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  static S3Panel panel() {
    return Panels.builder().connectionSettings(ConnectionSettings.builder()
        .connectTimeout(Duration.ofSeconds(1))
        .apiCallAttemptTimeout(Duration.ofSeconds(1))
        .apiCallTimeout(Duration.ofSeconds(3))
        .maxAttempts(2)
        .build()).build();
  }

  static CredentialSet at(URI endpoint) {
    return CredentialSet.builder().accessKeyId("AKIAIOSFODNN7EXAMPLE").secretAccessKey("secret-value-1234567890")
        .endpoint(endpoint).pathStyle(true).build();
  }

  static Throwable validationFailure(S3Panel panel, URI endpoint) {
    try {
      panel.connections().validate(at(endpoint));
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  @Test
  void validate_acceptsARealS3() {
    try (S3Panel panel = panel()) {
      panel.connections().validate(Panels.credentials(s3));
    }
  }

  @Test
  void validate_refusesEveryNonS3Answer_asNotAnS3Endpoint() {
    List<Answer> answers = List.of(
        Answer.of(200, "text/html", "<!DOCTYPE html><html><body>Internal dashboard</body></html>"),
        Answer.of(200, "application/json", "{\"status\":\"ok\",\"token\":\"internal\"}"),
        Answer.of(200, null, ""),
        Answer.of(200, "application/xml", "<?xml version=\"1.0\"?><Health><Ok>true</Ok></Health>"),
        Answer.of(500, "text/html", "<html><body>500</body></html>"),
        Answer.of(403, "text/plain", "Forbidden"),
        Answer.of(404, "application/json", "{\"error\":\"not found\"}"));
    try (S3Panel panel = panel()) {
      for (Answer answer : answers) {
        try (PlainHttpServer web = PlainHttpServer.answering(answer)) {
          assertThat(validationFailure(panel, web.endpoint())).as(answer.toString())
              .isInstanceOf(InvalidCredentialsException.class)
              .hasMessage(ConnectionCache.NOT_S3);
          assertThat(web.requestLines()).as("it was asked").isNotEmpty();
        }
      }
    }
  }

  @Test
  void validate_closedResetHangingAndNotS3_allGiveTheSameAnswer() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (S3Panel panel = panel(); SilentServer hanging = SilentServer.hanging();
        SilentServer reset = SilentServer.resetting();
        PlainHttpServer html = PlainHttpServer.answering(Answer.of(200, "text/html", "<html>hi</html>"))) {
      List<Throwable> failures = List.of(
          validationFailure(panel, URI.create("http://127.0.0.1:" + closedPort)),
          validationFailure(panel, hanging.endpoint()),
          validationFailure(panel, reset.endpoint()),
          validationFailure(panel, html.endpoint()),
          validationFailure(panel, URI.create("https://127.0.0.1:" + html.endpoint().getPort()))); // TLS to plain HTTP
      for (Throwable t : failures) {
        assertThat(t).isInstanceOf(InvalidCredentialsException.class);
        assertThat(((S3PanelException) t).code()).isEqualTo(ErrorCode.AWS_INVALID_CREDENTIALS);
        assertThat(t.getMessage()).isEqualTo(ConnectionCache.NOT_S3);
      }
    }
  }

  @Test
  void validate_s3ErrorDocuments_areReadAsS3() {
    try (S3Panel panel = panel(); ErrorServer badKey = ErrorServer.start(403, "InvalidAccessKeyId");
        ErrorServer badSignature = ErrorServer.start(403, "SignatureDoesNotMatch");
        ErrorServer denied = ErrorServer.start(403, "AccessDenied");
        ErrorServer slow = ErrorServer.slowDown()) {
      assertThat(validationFailure(panel, badKey.endpoint())).isInstanceOf(InvalidCredentialsException.class)
          .hasMessageContaining("InvalidAccessKeyId");
      assertThat(validationFailure(panel, badSignature.endpoint())).isInstanceOf(InvalidCredentialsException.class)
          .hasMessageContaining("SignatureDoesNotMatch");
      assertThat(validationFailure(panel, denied.endpoint())).as("authenticated, may not list").isNull();
      assertThat(validationFailure(panel, slow.endpoint())).isInstanceOf(S3UnreachableException.class)
          .hasMessageContaining("SlowDown");
    }
  }

  @Test
  void validate_aListBucketsDocumentFromAnyServer_passes() {
    try (S3Panel panel = panel();
        PlainHttpServer fake = PlainHttpServer.answering(Answer.of(200, "application/xml", LIST_BUCKETS))) {
      assertThat(validationFailure(panel, fake.endpoint())).isNull();
    }
  }

  @Test
  void add_ofANonS3Endpoint_storesNothing() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    try (S3Panel panel = Panels.builder().credentialStore(store).build();
        PlainHttpServer web = PlainHttpServer.answering(Answer.of(200, "application/json", "{}"))) {
      assertThatThrownBy(() -> panel.credentials().add("alice", "web", at(web.endpoint())))
          .isInstanceOf(InvalidCredentialsException.class).hasMessage(ConnectionCache.NOT_S3);
      assertThat(store.size()).isZero();
    }
  }

  @Test
  void removingTheAllowlistEntry_cutsOffStoredSets_forUseAndUpdate_butNotListOrDelete() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    Vault vault = Vault.create(Keysets.generate());
    String entry = "http://127.0.0.1:" + s3.endpoint().getPort();
    try (S3Panel before = Panels.builder().credentialStore(store).vault(vault)
        .endpointPolicy(EndpointPolicy.parse(entry)).build()) {
      before.credentials().add("alice", "prod", Panels.credentials(s3));
      before.credentials().add("alice", "other", Panels.credentials(s3));
      assertThat(before.account("alice", "prod").listBuckets()).extracting(BucketSummary::name).contains("bkt");
    }
    try (S3Panel after = Panels.builder().credentialStore(store).vault(vault)
        .endpointPolicy(EndpointPolicy.parse("http://127.0.0.1:1")).build()) {
      assertThatThrownBy(() -> after.account("alice", "prod").listBuckets())
          .isInstanceOf(EndpointNotAllowedException.class)
          .hasMessageContaining("no longer allowed by this server's endpoint policy")
          .satisfies(e -> assertThat(((S3PanelException) e).code()).isEqualTo(ErrorCode.ENDPOINT_NOT_ALLOWED));
      assertThatThrownBy(() -> after.credentials().update("alice", "prod",
          CredentialUpdate.builder().region("eu-west-1").build()))
          .isInstanceOf(EndpointNotAllowedException.class);
      assertThatThrownBy(() -> after.credentials().update("alice", "prod", CredentialUpdate.builder().build()))
          .isInstanceOf(EndpointNotAllowedException.class);
      assertThat(store.find(new io.s3panel.core.credentials.CredentialRef("alice", "prod")).orElseThrow().region())
          .isEqualTo("us-east-1");
      assertThat(after.credentials().list("alice")).hasSize(2);
      after.credentials().delete("alice", "other");
      assertThat(after.connections().stats().clientsBuilt()).as("no client was built for a refused set").isZero();
    }
  }

  @Test
  void aStricterPolicyOnTheSameHost_cutsOffSetsOnOtherPorts() {
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    Vault vault = Vault.create(Keysets.generate());
    try (S3Panel loose = Panels.builder().credentialStore(store).vault(vault).build()) {
      loose.credentials().add("alice", "prod", Panels.credentials(s3));
    }
    String otherPort = "http://127.0.0.1:" + (s3.endpoint().getPort() == 65535 ? 1 : s3.endpoint().getPort() + 1);
    try (S3Panel strict = Panels.builder().credentialStore(store).vault(vault)
        .endpointPolicy(EndpointPolicy.parse(otherPort)).build()) {
      assertThatThrownBy(() -> strict.account("alice", "prod")).isInstanceOf(EndpointNotAllowedException.class);
    }
  }

  @Test
  void keyDotSegments_arePercentEncodedOnTheWire() {
    Answer head = Answer.of(200, "application/octet-stream", "12345").withHeader("ETag", "\"abc\"");
    try (S3Panel panel = panel(); PlainHttpServer recorder = objectServer(head);
        S3Account account = panel.open(at(recorder.endpoint()))) {
      for (String key : List.of("a/../b", "../up", "./here", "x/.", "..", "a/.../b", ".hidden/..x")) {
        account.objectDetails("bkt", key);
      }
      assertThat(recorder.requestLines()).filteredOn(l -> l.startsWith("HEAD ")).containsExactly(
          "HEAD /bkt/a/%2E%2E/b", "HEAD /bkt/%2E%2E/up", "HEAD /bkt/%2E/here", "HEAD /bkt/x/%2E", "HEAD /bkt/%2E%2E",
          "HEAD /bkt/a/.../b", "HEAD /bkt/.hidden/..x");
      assertThat(recorder.requestLines()).filteredOn(l -> l.startsWith("GET ")).contains("GET /bkt/a/%2E%2E/b?acl");
    }
  }

  @Test
  void encodedDotSegments_passS3ProxysSignatureCheck() {
    try (S3Panel panel = panel(); S3Account account = panel.open(Panels.credentials(s3))) {
      // S3Proxy verifies the signature over the encoded path and looks the key up: a missing key, not a bad signature.
      assertThatThrownBy(() -> account.objectDetails("bkt", "nothing/../here"))
          .isInstanceOf(io.s3panel.core.NoSuchKeyException.class);
    }
  }

  @Test
  void objectDetails_showOnlyS3Fields_neverOtherResponseHeaders() {
    Answer head = Answer.of(200, "text/plain", "hello")
        .withHeader("ETag", "\"5d41402abc4b2a76b9719d911017c592\"")
        .withHeader("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT")
        .withHeader("x-amz-meta-owner", "alice")
        .withHeader("X-Internal-Token", "internal-token-8c1f")
        .withHeader("Set-Cookie", "session=internal-cookie-77")
        .withHeader("X-Amz-Request-Id", "req-internal-55");
    try (S3Panel panel = panel(); PlainHttpServer internal = objectServer(head);
        S3Account account = panel.open(at(internal.endpoint()))) {
      ObjectDetails d = account.objectDetails("bkt", "report.txt");
      assertThat(d.metadata()).containsExactly(java.util.Map.entry("owner", "alice"));
      assertThat(d.etag()).isEqualTo("5d41402abc4b2a76b9719d911017c592");
      assertThat(d.toString()).doesNotContain("internal-token-8c1f", "internal-cookie-77", "req-internal-55");
    }
  }
}
