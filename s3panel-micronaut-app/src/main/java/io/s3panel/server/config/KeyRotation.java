package io.s3panel.server.config;

import com.google.crypto.tink.KeysetHandle;
import io.micronaut.context.ApplicationContext;
import io.s3panel.core.credentials.CredentialStore;
import io.s3panel.core.vault.Keysets;
import io.s3panel.core.vault.Vault;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The {@code rotate-keys} command: adds a new primary key to the keyset file, waits until running servers
 * have loaded it, re-encrypts every stored credential set under it, then disables the old keys. Servers
 * keep serving throughout: they read the keyset file again when it changes ({@link KeysetWatcher}).
 */
public final class KeyRotation {
  private KeyRotation() {}

  /** Runs the rotation against the configured database and keyset; returns the exit code. */
  public static int run(ApplicationContext context, PrintStream out, Duration settle) {
    Secrets secrets = context.getBean(Secrets.class);
    CredentialStore store = context.getBean(CredentialStore.class);
    KeysetHandle before = secrets.keyset();
    KeysetHandle rotated = Keysets.withNewPrimaryKey(before);
    secrets.writeKeyset(rotated);
    out.println("1/3 Added a new primary key: " + Keysets.describe(rotated) + ".");
    sleep(settle, out);
    Vault.ReencryptionReport report = Vault.create(rotated).reencryptAll(store);
    out.println("2/3 Re-encrypted " + report.reencrypted() + " credential set(s); " + report.unreadable()
        + " could not be read.");
    if (report.unreadable() > 0) {
      out.println("3/3 Old keys stay enabled because some sets could not be read; they must be deleted and added"
          + " again before the old keys can be disabled.");
      return 1;
    }
    KeysetHandle onlyNew = Keysets.withOnlyPrimaryEnabled(rotated);
    secrets.writeKeyset(onlyNew);
    out.println("3/3 Disabled the old keys: " + Keysets.describe(onlyNew) + ".");
    return 0;
  }

  private static void sleep(Duration settle, PrintStream out) {
    if (settle.isZero()) {
      return;
    }
    out.println("    Waiting " + settle.toSeconds() + " s for running servers to load the new key...");
    try {
      Thread.sleep(settle.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting", e);
    }
  }
}
