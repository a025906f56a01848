package io.s3panel.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * An injected fault in front of a real S3 server (S3Proxy): requests whose request line matches a pattern are
 * answered 403 with an S3 error code once the first {@code allowed} of them went through; everything else is
 * forwarded byte for byte. One request per connection ({@code Connection: close} is added, which SigV4 does
 * not sign), so requests need no HTTP framing here. It works on the wire, so it suits code whose S3 client
 * cannot be swapped (a whole server under test); where it can, {@link FaultyS3} is simpler.
 *
 * <pre>{@code
 * try (FaultProxy deny = FaultProxy.start(s3.endpoint(), "DELETE .*", "AccessDenied", 0)) {
 *   // point the code under test at deny.endpoint(): every DELETE answers 403 AccessDenied
 * }
 * }</pre>
 *
 * <p>Thread-safe. It only ever connects to the target it was given, which must be on loopback.
 */
public final class FaultProxy implements AutoCloseable {
  /** Request lines of ACL reads and writes: an {@code acl} query parameter, with or without a value. */
  public static final String ACL_REQUESTS = "\\S+ [^ ?]*\\?(?:[^ ]*&)?acl(?:=[^& ]*)?(?:&[^ ]*)? .*";

  private final Pattern requestLine;
  private final String errorCode;
  private final int allowed;
  private final AtomicInteger matched = new AtomicInteger();

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger denied = new AtomicInteger();

  private FaultProxy(URI target, Pattern requestLine, String errorCode, int allowed) throws IOException {
    this.requestLine = requestLine;
    this.errorCode = errorCode;
    this.allowed = allowed;
    this.target = Loopback.target(target);
    this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    pool.execute(this::acceptLoop);
  }

  /**
   * Starts a proxy to {@code target} ({@code http://host:port}) that lets the first {@code allowed} requests
   * matching {@code requestLine} (e.g. {@code "PUT /bucket/dst/deny-.*"}) through and answers the later ones
   * 403 with {@code errorCode} (e.g. {@code AccessDenied}).
   *
   * @throws IllegalArgumentException if the target is not on loopback
   * @throws java.util.regex.PatternSyntaxException if {@code requestLine} is not a regular expression
   */
  public static FaultProxy start(URI target, String requestLine, String errorCode, int allowed) {
    try {
      return new FaultProxy(target, Pattern.compile(requestLine), errorCode, allowed);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code http://127.0.0.1:port} of the proxy. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Requests answered with the error so far. */
  public int denied() {
    return denied.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        pool.execute(() -> handle(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String requestLine = head.substring(0, head.indexOf("\r\n"));
      if (this.requestLine.matcher(requestLine).matches() && matched.incrementAndGet() > allowed) {
        denied.incrementAndGet();
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + errorCode + "</Code>"
            + "<Message>Injected fault</Message><RequestId>fault</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return;
      }
      try (Socket upstream = new Socket(this.target.getAddress(),
          this.target.getPort())) {
        OutputStream up = upstream.getOutputStream();
        up.write(withConnectionClose(head).getBytes(StandardCharsets.ISO_8859_1));
        up.flush();
        pool.execute(() -> pipe(in, up));
        pipe(upstream.getInputStream(), client.getOutputStream());
      }
    } catch (IOException e) {
      // The client or the target went away; the connection simply ends.
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) != -1) {
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
      if (head.size() > 64 * 1024) {
        return null;
      }
    }
    return null;
  }

  private static String withConnectionClose(String head) {
    StringBuilder out = new StringBuilder();
    for (String line : head.substring(0, head.length() - 4).split("\r\n")) {
      if (!line.regionMatches(true, 0, "Connection:", 0, 11)) {
        out.append(line).append("\r\n");
      }
    }
    return out.append("Connection: close\r\n\r\n").toString();
  }

  private static void pipe(InputStream from, OutputStream to) {
    byte[] buffer = new byte[16 * 1024];
    try {
      int n;
      while ((n = from.read(buffer)) != -1) {
        to.write(buffer, 0, n);
        to.flush();
      }
    } catch (IOException e) {
      // One side closed; the other pipe ends too when its socket closes.
    }
  }

  /** Stops accepting; connections in progress end when their sockets close. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    pool.shutdownNow();
  }
}
