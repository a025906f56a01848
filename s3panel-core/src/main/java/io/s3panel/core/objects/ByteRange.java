package io.s3panel.core.objects;

import io.s3panel.core.ValidationException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an object, as HTTP writes it (RFC 9110 §14.1.2): {@code first-last}, {@code first-}
 * (to the end) or {@code -n} (the last n bytes). Immutable.
 *
 * <pre>{@code
 * ByteRange head = ByteRange.of(0, 1023);             // bytes=0-1023
 * Optional<ByteRange> r = ByteRange.parse(request.header("Range"));   // malformed or several ranges: empty
 * }</pre>
 */
public final class ByteRange {
  private static final Pattern ONE = Pattern.compile("\\s*bytes\\s*=\\s*(\\d{0,19})\\s*-\\s*(\\d{0,19})\\s*");

  private final long first;
  private final long last;
  private final long suffixLength;

  private ByteRange(long first, long last, long suffixLength) {
    this.first = first;
    this.last = last;
    this.suffixLength = suffixLength;
  }

  /** Bytes {@code first} to {@code last}, both included; throws {@link ValidationException} on {@code range} if not {@code 0 <= first <= last}. */
  public static ByteRange of(long first, long last) {
    if (first < 0 || last < first) {
      throw new ValidationException("range", "A byte range needs 0 <= first <= last.");
    }
    return new ByteRange(first, last, -1);
  }

  /** From byte {@code first} to the end; {@code first >= 0}. */
  public static ByteRange from(long first) {
    if (first < 0) {
      throw new ValidationException("range", "A byte range cannot start before 0.");
    }
    return new ByteRange(first, -1, -1);
  }

  /** The last {@code length} bytes; {@code length >= 0} (0 is never satisfiable). */
  public static ByteRange suffix(long length) {
    if (length < 0) {
      throw new ValidationException("range", "A suffix length cannot be negative.");
    }
    return new ByteRange(-1, -1, length);
  }

  /**
   * Parses an HTTP {@code Range} header holding exactly one byte range. Anything else (absent, malformed,
   * another unit, several ranges, {@code last < first}) is empty: RFC 9110 lets a server ignore such a
   * header and send the whole object.
   */
  public static Optional<ByteRange> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = ONE.matcher(header);
    if (!m.matches()) {
      return Optional.empty();
    }
    String a = m.group(1);
    String b = m.group(2);
    try {
      if (a.isEmpty() && b.isEmpty()) {
        return Optional.empty();
      }
      if (a.isEmpty()) {
        return Optional.of(suffix(Long.parseLong(b)));
      }
      long first = Long.parseLong(a);
      if (b.isEmpty()) {
        return Optional.of(from(first));
      }
      long last = Long.parseLong(b);
      return last < first ? Optional.empty() : Optional.of(of(first, last));
    } catch (NumberFormatException e) {
      return Optional.empty(); // beyond a long
    }
  }

  /** True for a {@code -n} range. */
  public boolean isSuffix() {
    return suffixLength >= 0;
  }

  /** The first byte, or -1 for a suffix range. */
  public long first() {
    return first;
  }

  /** The last byte, or -1 when open-ended or a suffix range. */
  public long last() {
    return last;
  }

  /** The suffix length, or -1 when not a suffix range. */
  public long suffixLength() {
    return suffixLength;
  }

  /** The HTTP header value, e.g. {@code bytes=0-99}, {@code bytes=100-}, {@code bytes=-50}. */
  public String toHeader() {
    if (isSuffix()) {
      return "bytes=-" + suffixLength;
    }
    return "bytes=" + first + "-" + (last < 0 ? "" : Long.toString(last));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteRange r && r.first == first && r.last == last && r.suffixLength == suffixLength;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(first * 31 + last) * 31 + Long.hashCode(suffixLength);
  }

  @Override
  public String toString() {
    return toHeader();
  }
}
