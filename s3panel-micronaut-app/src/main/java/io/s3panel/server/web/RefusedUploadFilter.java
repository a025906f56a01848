package io.s3panel.server.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * An upload refused with an error ({@code 4xx}/{@code 5xx}: bad key, too large, unknown set, refused token,
 * conflict, S3 failure …) answers with {@code Connection: close}. Its body was not read to the end, so the
 * connection cannot carry another request; saying so lets the client open a new one for its next request
 * instead of sending it on a connection the server is about to close (which a client may only retry when
 * the method is idempotent). A stored upload (201) read its whole body and keeps the connection.
 */
@ServerFilter(value = "/api/buckets/*/objects/*", methods = HttpMethod.PUT)
final class RefusedUploadFilter implements Ordered {

  /** Adds {@code Connection: close} to an error answering a request that carries a body. */
  @ResponseFilter
  void closeAfterRefusal(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (response.code() >= 400 && hasBody(request)) {
      response.header(HttpHeaders.CONNECTION, "close");
    }
  }

  private static boolean hasBody(HttpRequest<?> request) {
    return request.getContentLength() > 0 || request.getHeaders().contains(HttpHeaders.TRANSFER_ENCODING);
  }

  /** Outside the security filter, so its refusals (401) pass through here too. */
  @Override
  public int getOrder() {
    return ServerFilterPhase.FIRST.order();
  }
}
