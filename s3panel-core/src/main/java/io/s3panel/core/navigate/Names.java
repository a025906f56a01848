package io.s3panel.core.navigate;

import io.s3panel.core.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Validation of bucket names and object keys, shared by every request type. */
public final class Names {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final int MAX_KEY_BYTES = 1024;

  private Names() {}

  /**
   * Checks a bucket name by S3's rules (which the AWS SDK enforces too): 3 to 63 characters of lower-case
   * letters, digits, {@code .} and {@code -}, starting and ending with a letter or digit, no {@code ..}.
   */
  public static void checkBucket(ValidationException.Collector errors, String bucket) {
    if (bucket == null || bucket.isEmpty()) {
      errors.add("bucket", "The bucket name is required.");
    } else if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || bucket.contains(".-")
        || bucket.contains("-.")) {
      errors.add("bucket", "The bucket name must be 3 to 63 lower-case letters, digits, '.' or '-', "
          + "starting and ending with a letter or digit.");
    }
  }

  /** Checks a bucket name; throws {@link ValidationException} on {@code bucket}. */
  public static String requireBucket(String bucket) {
    ValidationException.Collector errors = new ValidationException.Collector();
    checkBucket(errors, bucket);
    errors.throwIfAny();
    return bucket;
  }

  /**
   * Checks an object key (or a prefix or marker when {@code mayBeEmpty}): at most 1024 UTF-8 bytes, no
   * control characters, valid UTF-16 (no lone surrogates).
   */
  public static void checkKeyLike(ValidationException.Collector errors, String field, String value, boolean mayBeEmpty) {
    if (value == null || value.isEmpty()) {
      if (!mayBeEmpty) {
        errors.add(field, "This field is required.");
      }
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        errors.add(field, "The value must not contain control characters.");
        return;
      }
      if (Character.isHighSurrogate(c) && (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1)))
          || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)))) {
        errors.add(field, "The value is not valid Unicode text.");
        return;
      }
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      errors.add(field, "The value must be at most 1024 bytes in UTF-8.");
    }
  }

  /** Checks an object key; throws {@link ValidationException} on {@code field}. */
  public static String requireKey(String field, String key) {
    ValidationException.Collector errors = new ValidationException.Collector();
    checkKeyLike(errors, field, key, false);
    errors.throwIfAny();
    return key;
  }
}
