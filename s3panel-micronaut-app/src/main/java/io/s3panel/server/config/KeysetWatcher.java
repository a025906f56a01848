package io.s3panel.server.config;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import io.s3panel.core.S3Panel;
import io.s3panel.core.vault.Keysets;
import io.s3panel.core.vault.Vault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up a rotated keyset while the server runs: when the keyset file changes, it is read again and
 * the panel's vault replaced, so {@code rotate-keys} never needs a restart. A file that does not parse is
 * ignored (the current keys stay in use) and reported.
 */
@Context
final class KeysetWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(KeysetWatcher.class);

  private final Secrets secrets;
  private final BeanProvider<S3Panel> panel;
  private volatile FileTime seen;

  KeysetWatcher(Secrets secrets, BeanProvider<S3Panel> panel) {
    this.secrets = secrets;
    this.panel = panel;
    this.seen = modified();
  }

  @Scheduled(fixedDelay = "${s3panel.keyset-reload-interval:10s}", initialDelay = "${s3panel.keyset-reload-interval:10s}")
  void check() {
    FileTime now = modified();
    if (now == null || now.equals(seen)) {
      return;
    }
    try {
      panel.get().replaceVault(Vault.create(secrets.reloadKeyset()));
      seen = now;
      LOG.info("Reloaded the credential keyset: {}.", Keysets.describe(secrets.keyset()));
    } catch (RuntimeException e) {
      LOG.error("The changed keyset file could not be loaded; the previous keys stay in use: {}", e.getMessage());
    }
  }

  private FileTime modified() {
    try {
      return Files.getLastModifiedTime(secrets.keysetPath());
    } catch (IOException e) {
      return null;
    }
  }
}
