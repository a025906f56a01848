package io.s3panel.server;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.s3panel.core.vault.Keysets;
import io.s3panel.server.config.KeyRotation;
import io.s3panel.server.config.PrivateFiles;
import io.s3panel.server.config.S3PanelConfig;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts the S3 Panel server ({@code java -jar s3panel-server.jar}), or runs one of its commands:
 * {@code generate-keyset FILE} writes a new credential keyset; {@code rotate-keys} rotates the keyset of
 * a deployment and re-encrypts every stored credential set while servers keep running.
 */
@OpenAPIDefinition(info = @Info(
    title = "S3 Panel API",
    version = "0.1.0",
    description = "Manage and browse Amazon S3 and S3-compatible storage (MinIO, Ceph, R2, Wasabi …) across several"
        + " accounts: register and log in, store AWS credential sets (encrypted at rest), list buckets with their"
        + " ACL grants, walk a bucket folder by folder, read object details and permissions, presign downloads and"
        + " uploads, and run background storage statistics.\n\n"
        + "Log in with POST /api/login and send the access token as `Authorization: Bearer <access>` (the"
        + " Authorize button here). `aws_cred` names one of your credential sets; omitted, your oldest set is"
        + " used. Object keys in paths are URL-safe base64 of the UTF-8 key. Every error answers"
        + " `{\"error\", \"code\", \"fields\"?}`. Every path also works with a trailing slash."))
@SecurityScheme(name = "bearerAuth", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
    description = "The access token from POST /api/login or POST /api/token/refresh.")
public final class Application {
  private Application() {}

  /** Runs the server until the process is stopped, or runs a command and exits. */
  public static void main(String[] args) {
    if (args.length > 0 && !args[0].startsWith("-")) {
      System.exit(command(args));
    }
    try {
      EmbeddedServer server = Micronaut.build(args).mainClass(Application.class).banner(false).start()
          .getBean(EmbeddedServer.class);
      System.out.println("S3 Panel is listening on http://localhost:" + server.getPort() + "/  (health: /health,"
          + " API docs: /swagger-ui/)");
    } catch (RuntimeException e) {
      System.err.println("S3 Panel did not start: " + reason(e));
      System.exit(2);
    }
  }

  static int command(String[] args) {
    switch (args[0]) {
      case "generate-keyset" -> {
        if (args.length != 2) {
          System.err.println("Usage: generate-keyset FILE");
          return 2;
        }
        Path file = Path.of(args[1]);
        if (Files.exists(file)) {
          System.err.println(file + " exists already; refusing to overwrite a keyset.");
          return 1;
        }
        try {
          PrivateFiles.createNew(file, Keysets.toCleartextJson(Keysets.generate()));
        } catch (IOException e) {
          System.err.println("Could not write " + file + ": " + e.getMessage());
          return 1;
        }
        System.out.println("Wrote a new AES256_GCM keyset to " + file + " (mode 600). Keep it secret and backed up: without it"
            + " the stored credentials cannot be decrypted.");
        return 0;
      }
      case "cds-training" -> {
        // Starts everything once and exits: run with -XX:ArchiveClassesAtExit=FILE to record the classes a
        // start-up loads into a class-data-sharing archive (see the build), which later starts map at once.
        try (ApplicationContext context = Micronaut.build(new String[0]).mainClass(Application.class).banner(false)
            .properties(java.util.Map.of("micronaut.server.port", -1)).start()) {
          context.getBean(io.s3panel.core.S3Panel.class);
          return 0;
        } catch (RuntimeException e) {
          System.err.println("Training start failed: " + reason(e));
          return 1;
        }
      }
      case "rotate-keys" -> {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
            .mainClass(Application.class).start()) {
          Duration settle = context.getBean(S3PanelConfig.class).keysetReloadInterval().plusSeconds(5);
          return KeyRotation.run(context, System.out, settle);
        } catch (RuntimeException e) {
          System.err.println("Key rotation failed: " + reason(e));
          return 1;
        }
      }
      default -> {
        System.err.println("Unknown command '" + args[0] + "'. Commands: generate-keyset FILE, rotate-keys;"
            + " no command starts the server.");
        return 2;
      }
    }
  }

  /** The most helpful message in a start-up failure: the configuration problem if there is one. */
  static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConfigurationException) {
        return t.getMessage();
      }
    }
    return e.getMessage();
  }
}
