package io.s3panel.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.core.ErrorCode;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.S3TimeoutException;
import io.s3panel.core.S3UnreachableException;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.navigate.FolderPageRequest;
import io.s3panel.core.testing.Panels;
import io.s3panel.testing.SilentServer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutTest {
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

  static S3Panel panel() {
    return Panels.builder().connectionSettings(ConnectionSettings.builder()
        .connectTimeout(Duration.ofSeconds(1))
        .apiCallAttemptTimeout(Duration.ofSeconds(1))
        .apiCallTimeout(CALL_TIMEOUT)
        .maxAttempts(3)
        .build()).build();
  }

  static CredentialSet at(URI endpoint) {
    return CredentialSet.builder().accessKeyId("AKIAIOSFODNN7EXAMPLE").secretAccessKey("secret-value-1234567890")
        .endpoint(endpoint).pathStyle(true).build();
  }

  @Test
  void endpointThatAcceptsAndNeverAnswers_failsWithinTheCallTimeout_withTheTimeoutError() {
    try (SilentServer silent = SilentServer.hanging(); S3Panel panel = panel();
        S3Account account = panel.open(at(silent.endpoint()))) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> account.folderPage(FolderPageRequest.of(b -> b.bucket("any"))))
          .isInstanceOf(S3TimeoutException.class)
          .satisfies(e -> assertThat(((S3PanelException) e).code()).isEqualTo(ErrorCode.AWS_TIMEOUT))
          .hasMessageNotContaining("secret-value");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // A bound on correctness, not a speed goal: the call must not outlive its configured timeout.
      assertThat(took).isLessThan(CALL_TIMEOUT.plusSeconds(2));
    }
  }

  @Test
  void validation_againstAHangingCustomEndpoint_endsWithinTheCallTimeout_withTheOneNotS3Answer() {
    try (SilentServer silent = SilentServer.hanging(); S3Panel panel = panel()) {
      long start = System.nanoTime();
      // Not a timeout error: a custom endpoint that gives no S3 answer gets one answer, whatever the cause
      // (SECURITY.md item 26), so validation cannot tell an open port from a closed one.
      assertThatThrownBy(() -> panel.connections().validate(at(silent.endpoint())))
          .isInstanceOf(io.s3panel.core.InvalidCredentialsException.class)
          .hasMessage(ConnectionCache.NOT_S3);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CALL_TIMEOUT.plusSeconds(2));
    }
  }

  @Test
  void endpointThatResetsConnections_isUnreachable() {
    try (SilentServer reset = SilentServer.resetting(); S3Panel panel = panel();
        S3Account account = panel.open(at(reset.endpoint()))) {
      assertThatThrownBy(account::listBuckets).isInstanceOf(S3UnreachableException.class)
          .satisfies(e -> assertThat(((S3PanelException) e).code()).isEqualTo(ErrorCode.AWS_UNREACHABLE));
    }
  }

  @Test
  void closedPort_isUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (S3Panel panel = panel(); S3Account account = panel.open(at(URI.create("http://127.0.0.1:" + port)))) {
      assertThatThrownBy(account::listBuckets).isInstanceOf(S3UnreachableException.class)
          .hasMessageContaining("refused");
    }
  }
}
