package io.s3panel.core.presign;

import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A presigned URL and how to use it.
 *
 * @param url the URL; it is itself a bearer credential until it expires
 * @param method the HTTP method it is signed for
 * @param expiresAt when it stops working
 * @param signedHeaders headers the request must send with these exact values (for example
 *     {@code Content-Type} of a PUT); {@code host} is left out
 */
public record PresignedUrl(URL url, PresignRequest.Method method, Instant expiresAt, Map<String, List<String>> signedHeaders) {
  /** Copies the headers. */
  public PresignedUrl {
    signedHeaders = Map.copyOf(signedHeaders);
  }

  /** Names the method, host and expiry; never the signature. */
  @Override
  public String toString() {
    return "PresignedUrl{" + method + " " + url.getHost() + url.getPath() + ", expiresAt=" + expiresAt + '}';
  }
}
