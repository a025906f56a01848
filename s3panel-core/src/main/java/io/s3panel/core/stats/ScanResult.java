package io.s3panel.core.stats;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a storage scan.
 *
 * @param buckets every bucket, by name, counted or failed
 * @param totalCount objects over all counted buckets
 * @param totalBytes bytes over all counted buckets
 */
public record ScanResult(List<BucketUsage> buckets, long totalCount, long totalBytes) {
  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};

  /** Copies the list. */
  public ScanResult {
    buckets = List.copyOf(buckets);
  }

  /** {@link #totalBytes()} as {@link #humanSize(long)} writes it. */
  public String humanTotalSize() {
    return humanSize(totalBytes);
  }

  /**
   * Size for people in binary units with the original API's labels: {@code 512 B}, {@code 1.500 KB},
   * {@code 1.234 GB} (1 KB = 1024 B), three decimals above bytes.
   */
  public static String humanSize(long bytes) {
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
