package io.s3panel.core.internal;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Percent-encodes the dot segments of a request path ({@code .} as {@code %2E}, {@code ..} as
 * {@code %2E%2E}) before the request is signed, so an object key such as {@code a/../b} never becomes a
 * path traversal in a server or proxy that normalizes paths. S3 decodes them back to the same key.
 */
final class DotSegmentEncoder implements ExecutionInterceptor {
  @Override
  public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    SdkHttpRequest request = context.httpRequest();
    String path = request.encodedPath();
    String encoded = encode(path);
    return encoded.equals(path) ? request : request.toBuilder().encodedPath(encoded).build();
  }

  /** {@code path} with every segment that is exactly {@code .} or {@code ..} percent-encoded. */
  static String encode(String path) {
    if (path == null || path.indexOf('.') < 0) {
      return path;
    }
    String[] segments = path.split("/", -1);
    boolean changed = false;
    for (int i = 0; i < segments.length; i++) {
      if (segments[i].equals(".")) {
        segments[i] = "%2E";
        changed = true;
      } else if (segments[i].equals("..")) {
        segments[i] = "%2E%2E";
        changed = true;
      }
    }
    return changed ? String.join("/", segments) : path;
  }

  @Override
  public String toString() {
    return "DotSegmentEncoder";
  }
}
