package io.s3panel.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on loopback that answers every request with one S3 error (by default 503 SlowDown, as
 * S3 does under throttling) and counts the requests, to prove that retries are bounded.
 *
 * <pre>{@code
 * try (ErrorServer throttled = ErrorServer.slowDown()) {
 *   // point the code under test at throttled.endpoint(), then check throttled.requests() against its retry limit
 * }
 * }</pre>
 */
public final class ErrorServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final AtomicInteger requests = new AtomicInteger();

  private ErrorServer(int status, String code) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
          + code + "</Message><RequestId>test</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/xml");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  /** Answers 503 SlowDown to everything. */
  public static ErrorServer slowDown() {
    return start(503, "SlowDown");
  }

  /** Answers {@code status} with S3 error {@code code} to everything. */
  public static ErrorServer start(int status, String code) {
    try {
      return new ErrorServer(status, code);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code http://127.0.0.1:port}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Requests received. */
  public int requests() {
    return requests.get();
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
