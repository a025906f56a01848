package io.s3panel.server.config;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Keeps an H2 file database private (SECURITY.md item 24). H2 creates its files with the process umask
 * (usually 0644) and Java cannot change the umask, so: before the pool opens the database its folder is
 * created 0700 (an existing open folder is refused in production, warned about in development), and once
 * the database is open, and again when start-up completes, every file of that database is narrowed to 0600.
 * Files H2 creates later inherit nothing from that, but sit in a folder no one else can enter.
 */
@Singleton
final class H2Files implements BeanCreatedEventListener<DatasourceConfiguration> {
  private final S3PanelConfig config;
  private final Set<Path> databases = ConcurrentHashMap.newKeySet();

  H2Files(S3PanelConfig config) {
    this.config = config;
  }

  /** Before the pool opens the database: its folder exists, 0700 when the server creates it. */
  @Override
  public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
    DatasourceConfiguration ds = event.getBean();
    databaseFile(ds.getUrl()).ifPresent(base -> {
      Path folder = base.getParent();
      try {
        PrivateFiles.createFolders(folder);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not create the database folder " + folder, e);
      }
      Secrets.guard(folder, "The database folder", "chmod 700 ", config.dev());
      databases.add(base);
      restrictFiles(base);
    });
    return ds;
  }

  /** After start-up: every file of each H2 database this server opened is 0600. */
  @EventListener
  void onStartup(StartupEvent event) {
    databases.forEach(H2Files::restrictFiles);
  }

  /** Narrows each file of the H2 database {@code base} ({@code base.mv.db}, {@code base.trace.db} …) to 0600. */
  static void restrictFiles(Path base) {
    Path folder = base.getParent();
    if (!Files.isDirectory(folder)) {
      return;
    }
    String prefix = base.getFileName() + ".";
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, f -> f.getFileName().toString().startsWith(prefix))) {
      for (Path f : files) {
        if (Files.isRegularFile(f)) {
          PrivateFiles.restrict(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not make the database files in " + folder + " private", e);
    }
  }

  /**
   * The file base of an H2 file database URL ({@code jdbc:h2:file:./x/db/s3panel;...} → {@code ./x/db/s3panel}),
   * absolute; empty for in-memory, server and other databases.
   */
  static Optional<Path> databaseFile(String url) {
    if (url == null || !url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
      return Optional.empty();
    }
    String rest = url.substring("jdbc:h2:".length());
    int semi = rest.indexOf(';');
    if (semi >= 0) {
      rest = rest.substring(0, semi);
    }
    String lower = rest.toLowerCase(Locale.ROOT);
    if (lower.startsWith("file:")) {
      rest = rest.substring("file:".length());
    } else if (lower.startsWith("mem:") || lower.startsWith("tcp:") || lower.startsWith("ssl:")
        || lower.startsWith("zip:") || lower.contains(":") && !rest.matches("^[A-Za-z]:[\\\\/].*")) {
      return Optional.empty();
    }
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    if (rest.startsWith("~")) {
      rest = System.getProperty("user.home") + rest.substring(1);
    }
    Path base = Path.of(rest).toAbsolutePath().normalize();
    return base.getParent() == null ? Optional.empty() : Optional.of(base);
  }

  /** Narrows the files once the pool has opened the database (it creates them on its first connection). */
  @Singleton
  static final class AfterOpen implements BeanCreatedEventListener<DataSource> {
    private final H2Files files;

    AfterOpen(H2Files files) {
      this.files = files;
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
      files.databases.forEach(H2Files::restrictFiles);
      return event.getBean();
    }
  }
}
