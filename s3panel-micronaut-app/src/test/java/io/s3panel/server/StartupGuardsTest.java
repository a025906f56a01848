package io.s3panel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.s3panel.core.vault.Keysets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SECURITY.md item 5: the server refuses to start on missing or weak secrets outside dev mode. */
class StartupGuardsTest {
  static final String STRONG = "k3J9x/Qm2+vT8pLw6ZrYh4NcB1sD7fGe5uA0iKoPqRs=";

  Map<String, Object> prod(Path dir, Map<String, Object> extra) {
    Map<String, Object> p = TestProperties.in(dir);
    p.put("s3panel.dev", false);
    p.putAll(extra);
    return p;
  }

  Path keyset(Path dir) throws Exception {
    Path file = dir.resolve("keyset.json");
    Files.writeString(file, Keysets.toCleartextJson(Keysets.generate()));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  @Test
  void withoutAKeyset_refusesToStart_sayingWhatToSet(@TempDir Path dir) {
    assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, prod(dir, Map.of("s3panel.jwt-secret", STRONG))))
        .satisfies(e -> assertThat(Application.reason(e)).contains("S3PANEL_KEYSET_FILE"));
  }

  @Test
  void withAnInvalidKeyset_refusesToStart(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"primaryKeyId\": 1}");
    Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, prod(dir,
        Map.of("s3panel.jwt-secret", STRONG, "s3panel.keyset-file", bad.toString()))))
        .satisfies(e -> assertThat(Application.reason(e)).contains("not a valid Tink keyset"));
  }

  @Test
  void withAShortOrPlaceholderJwtSecret_refusesToStart(@TempDir Path dir) throws Exception {
    Path keyset = keyset(dir);
    for (String secret : new String[] {"", "short-secret", "pleaseChangeThisSecretForANewOne",
        "changeme-changeme-changeme-changeme", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
      assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, prod(dir,
          Map.of("s3panel.jwt-secret", secret, "s3panel.keyset-file", keyset.toString()))))
          .as(secret)
          .satisfies(e -> assertThat(Application.reason(e)).contains("S3PANEL_JWT_SECRET"));
    }
  }

  @Test
  void withAGuessableJwtSecretOf32BytesOrMore_refusesToStart_sayingHowToMakeOne(@TempDir Path dir) throws Exception {
    Path keyset = keyset(dir);
    for (String secret : new String[] {"12345678901234567890123456789012", "abcdefghijklmnopqrstuvwxyz123456",
        "my-super-secret-jwt-key-for-prod-2024"}) {
      assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, prod(dir,
          Map.of("s3panel.jwt-secret", secret, "s3panel.keyset-file", keyset.toString()))))
          .as(secret)
          .satisfies(e -> assertThat(Application.reason(e)).contains("S3PANEL_JWT_SECRET")
              .contains("openssl rand -base64 48").doesNotContain(secret));
    }
  }

  @Test
  void withAKeysetAndAStrongSecret_starts(@TempDir Path dir) throws Exception {
    Path keyset = keyset(dir);
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, prod(dir,
        Map.of("s3panel.jwt-secret", STRONG, "s3panel.keyset-file", keyset.toString())))) {
      assertThat(server.isRunning()).isTrue();
      assertThat(Files.exists(dir.resolve("dev-keyset.json"))).isFalse();
    }
  }

  @Test
  void devMode_generatesThrowawayKeysUnderTheDataDir(@TempDir Path dir) {
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, TestProperties.in(dir))) {
      assertThat(server.isRunning()).isTrue();
      assertThat(dir.resolve("dev-keyset.json")).exists();
      assertThat(dir.resolve("dev-jwt-secret")).exists();
    }
  }
}
