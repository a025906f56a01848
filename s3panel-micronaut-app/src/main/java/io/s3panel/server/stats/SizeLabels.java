package io.s3panel.server.stats;

import java.util.Locale;

/**
 * Sizes as the statistics document writes them, with the original API's labels: binary units named
 * {@code KB}, {@code MB} … (1 KB = 1024 B), three decimals above bytes: {@code 512 B}, {@code 1.500 KB},
 * {@code 1.234 GB}. The core counts bytes; this is the HTTP API's formatting of them.
 */
public final class SizeLabels {
  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};

  private SizeLabels() {}

  /** {@code bytes} with its label, e.g. {@code 1.500 KB} for 1536. */
  public static String of(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.3f %s", value, UNITS[unit]);
  }
}
