package io.s3panel.core.exposure;

import java.util.Locale;

/** How many object ACLs an exposure report reads per bucket. */
public enum ObjectMode {
  /** No object ACL is read. */
  NONE,
  /** The first {@link ExposureOptions#sampleSize()} objects of each bucket, in key order. */
  SAMPLE,
  /** Every object of each bucket. */
  ALL;

  /** The stable lower-case code, as {@link #parse} reads it: {@code none}, {@code sample}, {@code all}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The mode spelled {@code code} (case-insensitive), or {@code null} when it names none, so callers can
   * report a validation error on their own field.
   */
  public static ObjectMode parse(String code) {
    if (code == null) {
      return null;
    }
    for (ObjectMode m : values()) {
      if (m.code().equalsIgnoreCase(code.trim())) {
        return m;
      }
    }
    return null;
  }
}
