package io.s3panel.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An HTTP server on loopback that is not S3: it answers every request with what its handler returns (an
 * HTML page, a JSON 200, an empty 200, or S3-looking documents with extra headers) and records each
 * request line exactly as received, raw path included. Stands in for an internal web service that an
 * allowlisted host also runs.
 *
 * <pre>{@code
 * try (PlainHttpServer web = PlainHttpServer.answering(Answer.of(200, "text/html", "<html>hi</html>"))) {
 *   // point the code under test at web.endpoint(): it must say "not S3"; web.requestLines() shows what it sent
 * }
 * }</pre>
 */
public final class PlainHttpServer implements AutoCloseable {
  /** One canned answer. */
  public record Answer(int status, String contentType, String body, Map<String, String> headers) {
    /** An answer without extra headers. */
    public static Answer of(int status, String contentType, String body) {
      return new Answer(status, contentType, body, Map.of());
    }

    /** This answer plus one more response header. */
    public Answer withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Answer(status, contentType, body, h);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final List<String> requestLines = new CopyOnWriteArrayList<>();

  private PlainHttpServer(Function<String, Answer> handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      String line = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
          + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
      requestLines.add(line);
      Answer a = handler.apply(line);
      byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
      if (a.contentType() != null) {
        exchange.getResponseHeaders().add("Content-Type", a.contentType());
      }
      a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      boolean head = exchange.getRequestMethod().equals("HEAD");
      if (head) {
        exchange.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
      }
      exchange.sendResponseHeaders(a.status(), head || body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        if (!head) {
          out.write(body);
        }
      }
    });
    server.start();
  }

  /** Answers every request with {@code answer}. */
  public static PlainHttpServer answering(Answer answer) {
    return start(line -> answer);
  }

  /** Answers each request (given as {@code METHOD raw-path[?query]}) with what {@code handler} returns. */
  public static PlainHttpServer start(Function<String, Answer> handler) {
    try {
      return new PlainHttpServer(handler);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code http://127.0.0.1:port}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The request lines received so far ({@code METHOD raw-path[?query]}), in order. */
  public List<String> requestLines() {
    return new ArrayList<>(requestLines);
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
