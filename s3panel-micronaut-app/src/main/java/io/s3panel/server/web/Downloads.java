package io.s3panel.server.web;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.nio.charset.StandardCharsets;

/** Headers that keep a downloaded object from ever running as a page of the panel's own origin. */
final class Downloads {
  private static final String ATTR_CHARS = "!#$&+-.^_`|~";

  private Downloads() {}

  /**
   * Adds {@code Content-Disposition: attachment} with the key's last segment (an ASCII fallback in
   * {@code filename} and the exact name percent-encoded in {@code filename*}: neither can hold a quote,
   * a control character or a {@code ;}), {@code X-Content-Type-Options: nosniff} and
   * {@code Content-Security-Policy: sandbox}.
   */
  static <T extends MutableHttpResponse<?>> T protect(T response, String key) {
    response.header(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(key));
    response.header("X-Content-Type-Options", "nosniff");
    response.header("Content-Security-Policy", "sandbox");
    return response;
  }

  /** The {@code Content-Disposition} value for an object key. */
  static String contentDisposition(String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    if (name.isEmpty()) {
      name = "download";
    }
    return "attachment; filename=\"" + asciiFallback(name) + "\"; filename*=UTF-8''" + percentEncode(name);
  }

  /** The stored content type when it parses, otherwise {@code application/octet-stream}. */
  static MediaType mediaType(String stored) {
    if (stored == null || stored.isBlank()) {
      return MediaType.APPLICATION_OCTET_STREAM_TYPE;
    }
    try {
      return MediaType.of(stored);
    } catch (RuntimeException e) {
      return MediaType.APPLICATION_OCTET_STREAM_TYPE;
    }
  }

  private static String asciiFallback(String name) {
    StringBuilder b = new StringBuilder(name.length());
    name.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';' && c != '%'
        ? (char) c : '_'));
    return b.toString();
  }

  private static String percentEncode(String name) {
    StringBuilder b = new StringBuilder();
    for (byte raw : name.getBytes(StandardCharsets.UTF_8)) {
      int c = raw & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ATTR_CHARS.indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }
}
