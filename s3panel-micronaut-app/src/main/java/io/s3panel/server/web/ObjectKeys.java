package io.s3panel.server.web;

import io.s3panel.core.ValidationException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Object keys in paths: URL-safe base64 (RFC 4648 §5) of the UTF-8 key, padding optional. */
final class ObjectKeys {
  private ObjectKeys() {}

  /** Decodes {@code encoded}; 400 {@code validation_failed} on {@code key} when it is not base64 of UTF-8. */
  static String decode(String encoded) {
    String s = encoded == null ? "" : encoded;
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=' && s.length() - end < 2) {
      end--;
    }
    String unpadded = s.substring(0, end);
    if (unpadded.isEmpty() || unpadded.length() % 4 == 1 || !unpadded.matches("[A-Za-z0-9_-]+")) {
      throw invalid();
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(unpadded);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw invalid();
    }
  }

  /** The URL-safe base64 form of {@code key}, without padding. */
  static String encode(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private static ValidationException invalid() {
    return new ValidationException("key", "The object key in the path must be URL-safe base64 of the UTF-8 key.");
  }
}
