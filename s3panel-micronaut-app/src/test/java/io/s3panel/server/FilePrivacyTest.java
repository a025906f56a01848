package io.s3panel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.s3panel.core.vault.Keysets;
import io.s3panel.server.config.KeyRotation;
import io.s3panel.server.config.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * SECURITY.md item 24 (issue 9, finding 1): keysets, development secrets, data folders and the H2 database
 * are private to the server's user, whatever the umask; open ones stop production and alarm development.
 */
class FilePrivacyTest {
  /** 48 random bytes in base64, as {@code openssl rand -base64 48} prints them. */
  static final String STRONG = "q8Zt1vN3pXw0yR7bK2mL5sD9fH4jG6cA+uE/oI1tP3rW8xV0nB2mQ7zK5yL9hD4f";

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  static Path keyset(Path dir, String mode) throws Exception {
    Path file = dir.resolve("keyset.json");
    Files.writeString(file, Keysets.toCleartextJson(Keysets.generate()));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  static Map<String, Object> prod(Path dataDir, Path keyset) {
    Map<String, Object> p = TestProperties.in(dataDir);
    p.put("s3panel.dev", false);
    p.put("s3panel.jwt-secret", STRONG);
    p.put("s3panel.keyset-file", keyset.toString());
    return p;
  }

  @Test
  void generateKeyset_writesTheFileOwnerOnly(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("new-keyset.json");
    assertThat(Application.command(new String[] {"generate-keyset", file.toString()})).isZero();
    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(Keysets.parseCleartextJson(Files.readString(file)).size()).isEqualTo(1);
  }

  @Test
  void rotateKeys_keepsTheKeysetOwnerOnly_andLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    for (String start : List.of("rw-------", "r--------")) {
      Path data = Files.createDirectory(dir.resolve("d" + start.hashCode()));
      Map<String, Object> props = TestProperties.in(data);
      try (ApplicationContext context = ApplicationContext.run(props)) {
        Path keyset = context.getBean(Secrets.class).keysetPath();
        Files.setPosixFilePermissions(keyset, PosixFilePermissions.fromString(start));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(KeyRotation.run(context, new PrintStream(out, true), Duration.ZERO)).isZero();
        assertThat(mode(keyset)).as("after rotating a %s keyset", start).isEqualTo(start);
        assertThat(Keysets.parseCleartextJson(Files.readString(keyset)).size()).isEqualTo(2);
        try (Stream<Path> files = Files.list(data)) {
          assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
      }
    }
  }

  @Test
  void devMode_createsFoldersOwnerOnly_secretsAndTheH2DatabaseFilesOwnerOnly(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Map<String, Object> props = TestProperties.in(data);
    props.put("datasources.default.url", "jdbc:h2:file:" + data.resolve("db").resolve("s3panel")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
      assertThat(server.isRunning()).isTrue();
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(data.resolve("db"))).isEqualTo("rwx------");
      assertThat(mode(data.resolve("dev-keyset.json"))).isEqualTo("rw-------");
      assertThat(mode(data.resolve("dev-jwt-secret"))).isEqualTo("rw-------");
      try (Stream<Path> files = Files.list(data.resolve("db"))) {
        List<Path> db = files.toList();
        assertThat(db).extracting(p -> p.getFileName().toString()).contains("s3panel.mv.db");
        for (Path f : db) {
          assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
        }
      }
    }
  }

  @Test
  void existingDatabaseFilesLeftOpenByAnOlderVersion_areNarrowedAtStartUp(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    String url = "jdbc:h2:file:" + data.resolve("db").resolve("s3panel")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    Map<String, Object> props = TestProperties.in(data);
    props.put("datasources.default.url", url);
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
      assertThat(server.isRunning()).isTrue();
    }
    Path file = data.resolve("db").resolve("s3panel.mv.db");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
      assertThat(mode(file)).isEqualTo("rw-------");
    }
  }

  @Test
  void production_refusesAKeysetReadableByOthers_sayingHowToFixIt(@TempDir Path dir) throws Exception {
    Path keyset = keyset(dir, "rw-r--r--");
    assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, prod(dir, keyset)))
        .satisfies(e -> assertThat(Application.reason(e)).contains("keyset file").contains("chmod 600 " + keyset));
  }

  @Test
  void production_refusesAKeysetReadableByItsGroup(@TempDir Path dir) throws Exception {
    Path keyset = keyset(dir, "rw-r-----");
    assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, prod(dir, keyset)))
        .satisfies(e -> assertThat(Application.reason(e)).contains("chmod 600"));
  }

  @Test
  void production_refusesADataFolderReadableByOthers(@TempDir Path dir) throws Exception {
    Path keyset = keyset(dir, "rw-------");
    Path data = Files.createDirectory(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, prod(data, keyset)))
        .satisfies(e -> assertThat(Application.reason(e)).contains("data folder").contains("chmod 700 " + data));
  }

  @Test
  void production_refusesAnOpenDatabaseFolder(@TempDir Path dir) throws Exception {
    Path keyset = keyset(dir, "rw-------");
    Path db = Files.createDirectory(dir.resolve("db"));
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, Object> props = prod(dir, keyset);
    props.put("datasources.default.url", "jdbc:h2:file:" + db.resolve("s3panel") + ";MODE=PostgreSQL");
    assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, props))
        .satisfies(e -> assertThat(Application.reason(e)).contains("database folder").contains("chmod 700 " + db));
  }

  @Test
  void production_withPrivateFiles_starts(@TempDir Path dir) throws Exception {
    Path keyset = keyset(dir, "rw-------");
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, prod(dir, keyset))) {
      assertThat(server.isRunning()).isTrue();
    }
  }

  @Test
  void devMode_warnsLoudlyAboutAnOpenKeysetAndDataFolder_butStarts(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectory(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path keyset = keyset(dir, "rw-r--r--");
    Map<String, Object> props = TestProperties.in(data);
    props.put("s3panel.keyset-file", keyset.toString());
    Logger logger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Secrets.class);
    ListAppender<ILoggingEvent> capture = new ListAppender<>();
    capture.start();
    logger.addAppender(capture);
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
      assertThat(server.isRunning()).isTrue();
    } finally {
      logger.detachAppender(capture);
    }
    assertThat(capture.list).extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.startsWith("SECURITY WARNING") && m.contains(keyset.toString()) && m.contains("chmod 600"))
        .anyMatch(m -> m.startsWith("SECURITY WARNING") && m.contains(data.toString()) && m.contains("chmod 700"));
  }
}
