package io.s3panel.core.credentials;

/**
 * Masks secrets for display.
 *
 * <p>Values of 12 characters or more keep their first 4 and last 4 characters and every other character
 * becomes {@code *}, so the length is preserved ({@code AKIAIOSFODNN7EXAMPLE} → {@code AKIA************MPLE}).
 * Shorter values are masked entirely, since keeping 8 characters of them would reveal most of the value.
 */
public final class Masking {
  private static final int KEEP = 4;
  private static final int MIN_PARTIAL = 12;

  private Masking() {}

  /** Returns {@code value} masked as described on this class; {@code null} stays {@code null}. */
  public static String mask(String value) {
    if (value == null) {
      return null;
    }
    int length = value.length();
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      boolean keep = length >= MIN_PARTIAL && (i < KEEP || i >= length - KEEP);
      out.append(keep ? value.charAt(i) : '*');
    }
    return out.toString();
  }
}
