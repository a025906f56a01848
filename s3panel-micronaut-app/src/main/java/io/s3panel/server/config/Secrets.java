package io.s3panel.server.config;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import io.s3panel.core.vault.Keysets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's two secrets, checked before anything else starts (SECURITY.md item 5): the Tink keyset
 * that encrypts stored credentials and the JWT signing secret. Outside dev mode a missing or invalid
 * keyset, a JWT secret with less than 256 bits of estimated randomness (item 27), or a keyset or data
 * folder open to other users (item 24) stops the server with a message saying what to do. In dev mode missing ones are generated under the data directory, loudly. The
 * encryption key is never derived from the JWT secret.
 */
@Context
public final class Secrets {
  private static final Logger LOG = LoggerFactory.getLogger(Secrets.class);
  private static final byte[] KEYSET_AD = "s3panel keyset".getBytes(StandardCharsets.UTF_8);

  private final S3PanelConfig config;
  private final String jwtSecret;
  private final Path keysetPath;
  private volatile KeysetHandle keyset;

  /** Resolves and checks both secrets; throws {@link ConfigurationException} when they are not usable. */
  public Secrets(S3PanelConfig config) {
    this.config = config;
    Keysets.register();
    this.jwtSecret = resolveJwtSecret(config);
    this.keysetPath = resolveKeysetPath(config);
    guard(keysetPath, "The keyset file", "chmod 600 ", config.dev());
    guard(Path.of(config.dataDir()), "The data folder", "chmod 700 ", config.dev());
    if (config.masterKeyFile() != null && !config.masterKeyFile().isBlank()) {
      guard(Path.of(config.masterKeyFile()), "The keyset master key file", "chmod 600 ", config.dev());
    }
    this.keyset = readKeyset(keysetPath);
  }

  /**
   * Refuses to start (production) or warns loudly (dev) when {@code path} is open to group or others
   * (SECURITY.md item 24): whoever reads the keyset, or the database beside it, decrypts every stored secret.
   */
  static void guard(Path path, String what, String fix, boolean dev) {
    String exposure = PrivateFiles.exposure(path);
    if (exposure == null) {
      return;
    }
    String message = what + " " + path.toAbsolutePath() + " is " + exposure + ": any local user who reads it"
        + " can decrypt every stored secret. Make it private to the server's user: " + fix + path.toAbsolutePath();
    if (!dev) {
      throw new ConfigurationException(message);
    }
    LOG.warn("SECURITY WARNING (development mode, refused in production): {}", message);
  }

  /** The JWT signing secret. */
  public String jwtSecret() {
    return jwtSecret;
  }

  /** The current keyset. */
  public KeysetHandle keyset() {
    return keyset;
  }

  /** The file the keyset lives in. */
  public Path keysetPath() {
    return keysetPath;
  }

  /** Reads the keyset file again (after a rotation); returns the new handle. */
  public synchronized KeysetHandle reloadKeyset() {
    this.keyset = readKeyset(keysetPath);
    return keyset;
  }

  /** Writes {@code handle} to the keyset file atomically, in the file's own form (plain or encrypted). */
  public synchronized void writeKeyset(KeysetHandle handle) {
    String text = masterKey() == null ? Keysets.toCleartextJson(handle)
        : Keysets.toEncryptedJson(handle, masterKey(), KEYSET_AD);
    try {
      PrivateFiles.replace(keysetPath, text);
    } catch (IOException e) {
      throw new UncheckedIOException("The keyset file could not be written: " + keysetPath, e);
    }
    this.keyset = handle;
  }

  private Aead masterKey() {
    if (config.masterKeyFile() == null || config.masterKeyFile().isBlank()) {
      return null;
    }
    try {
      KeysetHandle master = Keysets.parseCleartextJson(Files.readString(Path.of(config.masterKeyFile())));
      return master.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
      throw new ConfigurationException("S3PANEL_KEYSET_MASTER_KEY_FILE (" + config.masterKeyFile()
          + ") cannot be read as a Tink AEAD keyset.");
    }
  }

  private KeysetHandle readKeyset(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new ConfigurationException("The keyset file " + path + " cannot be read. Set S3PANEL_KEYSET_FILE to a"
          + " Tink JSON keyset (create one with: java -jar s3panel-server.jar generate-keyset FILE).");
    }
    Aead master = masterKey();
    try {
      return master == null ? Keysets.parseCleartextJson(text) : Keysets.parseEncryptedJson(text, master, KEYSET_AD);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("The keyset file " + path + " is not a valid Tink keyset: " + e.getMessage());
    }
  }

  private Path resolveKeysetPath(S3PanelConfig c) {
    if (c.keysetFile() != null && !c.keysetFile().isBlank()) {
      Path p = Path.of(c.keysetFile());
      if (!Files.isRegularFile(p)) {
        throw new ConfigurationException("S3PANEL_KEYSET_FILE points to " + p + ", which does not exist.");
      }
      return p;
    }
    if (!c.dev()) {
      throw new ConfigurationException("No keyset configured: set S3PANEL_KEYSET_FILE to a Tink JSON keyset"
          + " (create one with: java -jar s3panel-server.jar generate-keyset FILE), or S3PANEL_DEV=true for"
          + " throwaway development keys.");
    }
    Path p = Path.of(c.dataDir(), "dev-keyset.json");
    if (!Files.exists(p)) {
      write(p, Keysets.toCleartextJson(Keysets.generate()));
      LOG.warn("DEVELOPMENT MODE: generated a throwaway credential encryption keyset at {}. Never use it in"
          + " production: anyone who reads that file can decrypt every stored AWS secret.", p.toAbsolutePath());
    } else {
      LOG.warn("DEVELOPMENT MODE: using the throwaway keyset at {}.", p.toAbsolutePath());
    }
    return p;
  }

  private String resolveJwtSecret(S3PanelConfig c) {
    String s = c.jwtSecret();
    if (s != null && !s.isBlank()) {
      String problem = problem(s);
      if (problem != null) {
        throw new ConfigurationException("S3PANEL_JWT_SECRET is not acceptable: " + problem);
      }
      return s;
    }
    if (!c.dev()) {
      throw new ConfigurationException("No JWT signing secret: set S3PANEL_JWT_SECRET to at least 32 random bytes"
          + " (" + GENERATE + "), or S3PANEL_DEV=true for a throwaway development secret.");
    }
    Path p = Path.of(c.dataDir(), "dev-jwt-secret");
    try {
      if (!Files.exists(p)) {
        byte[] b = new byte[48];
        new SecureRandom().nextBytes(b);
        write(p, Base64.getEncoder().encodeToString(b));
        LOG.warn("DEVELOPMENT MODE: generated a throwaway JWT signing secret at {}. Set S3PANEL_JWT_SECRET in"
            + " production.", p.toAbsolutePath());
      }
      return Files.readString(p).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How to make a good secret; said with every refusal. */
  static final String GENERATE = "Generate one with: openssl rand -base64 48";

  /**
   * Why {@code secret} is not a usable signing secret, or {@code null} (SECURITY.md item 27): it must be at
   * least 32 bytes and carry an estimated 256 bits of randomness; sequences, repeats and words count for
   * little. The message never repeats the secret or any part of it.
   */
  static String problem(String secret) {
    if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
      return "it must be at least 32 bytes long (" + SecretStrength.REQUIRED_BITS + " bits of randomness). "
          + GENERATE + ".";
    }
    double bits = SecretStrength.bits(secret);
    if (bits < SecretStrength.REQUIRED_BITS) {
      return "it carries an estimated " + (int) bits + " bits of randomness, and at least "
          + SecretStrength.REQUIRED_BITS + " (32 random bytes) are needed; sequences, repeats, words and"
          + " dates count for little. " + GENERATE + ".";
    }
    return null;
  }

  private static void write(Path p, String text) {
    try {
      PrivateFiles.createNew(p, text);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + p, e);
    }
  }

  @Override
  public String toString() {
    return "Secrets{keyset=" + keysetPath + ", jwtSecret=***}";
  }
}
