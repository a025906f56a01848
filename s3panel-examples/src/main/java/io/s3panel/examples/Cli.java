package io.s3panel.examples;

import io.s3panel.core.S3Panel;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.ValidationException;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.vault.Keysets;
import io.s3panel.core.vault.Vault;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command-line plumbing the examples share: {@code --name value} options with environment
 * fallbacks, the S3 connection options, exit codes, and error reporting that never echoes a secret.
 */
final class Cli {
  /** Success. */
  static final int OK = 0;
  /** The work failed: S3 refused, was unreachable, or a check did not hold. */
  static final int FAILED = 1;
  /** The command line was wrong; the usage was printed. */
  static final int USAGE = 2;

  /** Usage lines of the connection options every S3 example accepts. */
  static final String CONNECTION_USAGE = String.join("\n",
      "  --endpoint URL          S3-compatible endpoint, e.g. http://127.0.0.1:9000 (env S3_ENDPOINT);",
      "                          omit for Amazon S3",
      "  --region NAME           signing region (env AWS_REGION; default us-east-1)",
      "  --access-key-id ID      access key id (env AWS_ACCESS_KEY_ID)",
      "  --path-style BOOL       path-style addressing (env S3_PATH_STYLE; default true with --endpoint)",
      "  env AWS_SECRET_ACCESS_KEY  the secret access key (required; deliberately not an option, so it",
      "                             stays out of shell history and process lists)",
      "  env AWS_SESSION_TOKEN      session token of temporary credentials (optional)");

  private final Map<String, String> options;
  private final List<String> positional;
  private final Map<String, String> env;

  private Cli(Map<String, String> options, List<String> positional, Map<String, String> env) {
    this.options = options;
    this.positional = positional;
    this.env = env;
  }

  /**
   * Splits {@code args} into {@code --name value} options and positional arguments.
   *
   * @throws UsageException on an option without a value, or a repeated option
   */
  static Cli parse(String[] args, Map<String, String> env) throws UsageException {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        throw new UsageException(null);
      }
      if (!arg.startsWith("--")) {
        positional.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new UsageException("Option --" + name + " needs a value.");
      }
      if (options.putIfAbsent(name, value) != null) {
        throw new UsageException("Option --" + name + " is given twice.");
      }
    }
    return new Cli(options, Collections.unmodifiableList(positional), env);
  }

  /** The option's value, else the environment variable's ({@code envVar} may be null), else null. */
  String get(String option, String envVar) {
    String value = options.get(option);
    if ((value == null || value.isEmpty()) && envVar != null) {
      value = env.get(envVar);
    }
    return value == null || value.isEmpty() ? null : value;
  }

  /** Like {@link #get} but falls back to {@code defaultValue}. */
  String get(String option, String envVar, String defaultValue) {
    String value = get(option, envVar);
    return value == null ? defaultValue : value;
  }

  /** The value, or a {@link UsageException} naming where it may come from. */
  String require(String option, String envVar) throws UsageException {
    String value = get(option, envVar);
    if (value == null) {
      throw new UsageException("Missing --" + option + (envVar == null ? "" : " (or env " + envVar + ")") + ".");
    }
    return value;
  }

  /** An integer option within {@code [min, max]}, or {@code defaultValue} when absent. */
  int intValue(String option, String envVar, int defaultValue, int min, int max) throws UsageException {
    String value = get(option, envVar);
    if (value == null) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--" + option + " must be a whole number from " + min + " to " + max + ".");
  }

  /** Arguments that are not options, in order. */
  List<String> positional() {
    return positional;
  }

  /**
   * The credential set the connection options describe (see {@link #CONNECTION_USAGE}).
   *
   * @throws UsageException when the access key id or the secret is missing or a value is malformed
   */
  CredentialSet credentials() throws UsageException {
    String accessKeyId = require("access-key-id", "AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (secret == null || secret.isEmpty()) {
      throw new UsageException("Missing the secret access key: set env AWS_SECRET_ACCESS_KEY.");
    }
    String endpoint = get("endpoint", "S3_ENDPOINT");
    String pathStyle = get("path-style", "S3_PATH_STYLE", endpoint == null ? "false" : "true")
        .toLowerCase(Locale.ROOT);
    if (!pathStyle.equals("true") && !pathStyle.equals("false")) {
      throw new UsageException("--path-style must be true or false.");
    }
    URI endpointUri;
    try {
      endpointUri = endpoint == null ? null : URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--endpoint is not a URL.");
    }
    try {
      return CredentialSet.builder()
          .accessKeyId(accessKeyId)
          .secretAccessKey(secret)
          .sessionToken(env.get("AWS_SESSION_TOKEN"))
          .region(get("region", "AWS_REGION", "us-east-1"))
          .endpoint(endpointUri)
          .pathStyle(Boolean.parseBoolean(pathStyle))
          .build();
    } catch (ValidationException e) {
      throw new UsageException(e.getMessage()); // names fields, never echoes values
    }
  }

  /**
   * A panel for one-off use of a plaintext set via {@link S3Panel#open}. The vault is required by the
   * builder but unused here: nothing is sealed or stored.
   */
  static S3Panel panel() {
    return S3Panel.builder().vault(Vault.create(Keysets.generate())).build();
  }

  /**
   * Prints the usage, after the problem if there is one, to {@code err}; returns {@link #USAGE}, or
   * {@link #OK} when only help was asked for.
   */
  static int usage(UsageException e, String usage, PrintStream err) {
    if (e.getMessage() == null) {
      err.println(usage);
      return OK;
    }
    err.println("Error: " + e.getMessage());
    err.println();
    err.println(usage);
    return USAGE;
  }

  /** Reports a library failure by its stable code and person-readable message; returns {@link #FAILED}. */
  static int failed(S3PanelException e, PrintStream err) {
    err.println("Failed (" + e.code().code() + "): " + e.getMessage());
    return FAILED;
  }

  /** {@code bytes} for people, in binary units with three decimals: {@code 512 B}, {@code 1.500 KB}. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB", "PB", "EB"};
    double value = bytes / 1024.0;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.3f %s", value, units[unit]);
  }

  /** Exits the JVM with {@code code} unless it is {@link #OK}, so a successful run ends normally. */
  static void exit(int code) {
    if (code != OK) {
      System.exit(code);
    }
  }

  /** The command line is wrong (the message says how), or help was asked for (no message). */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
