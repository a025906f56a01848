package io.s3panel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server starts on its default configuration: H2 file database under the data dir, migrated. */
class ApplicationStartupTest {

  @Test
  void server_withDefaultDatabase_migratesH2FileUnderDataDir_andAnswersHealth(@TempDir Path dataDir) throws Exception {
    Map<String, Object> properties = TestProperties.in(dataDir);
    properties.remove("datasources.default.url");
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("UP");
      assertThat(Files.exists(dataDir.resolve("db").resolve("s3panel.mv.db"))).isTrue();
    }
  }

  @Test
  void server_withoutToken_refusesUnknownApiRoutes() throws Exception {
    Map<String, Object> properties = TestProperties.base();
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/api/aws-credentials")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(401);
    }
  }
}
