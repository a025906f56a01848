package io.s3panel.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client over one loopback socket: cheap enough that the load driver does not
 * eat the CPU the server needs on a small machine. Not thread-safe: one connection per virtual user.
 */
public final class HttpConn implements AutoCloseable {
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /** A connection to {@code 127.0.0.1:port}, opened lazily. */
  public HttpConn(int port) {
    this.port = port;
  }

  /** A response: status and body. */
  public record Response(int status, byte[] body) {
    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** GET with an optional bearer token. */
  public Response get(String path, String token) throws IOException {
    return send("GET", path, token, null);
  }

  /** POST JSON. */
  public Response post(String path, String token, String json) throws IOException {
    return send("POST", path, token, json);
  }

  /** One request; reconnects once if the kept-alive connection was closed by the server. */
  public Response send(String method, String path, String token, String json) throws IOException {
    byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
    StringBuilder h = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\n");
    if (token != null) {
      h.append("Authorization: Bearer ").append(token).append("\r\n");
    }
    if (body != null) {
      h.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
    }
    h.append("\r\n");
    byte[] head = h.toString().getBytes(StandardCharsets.ISO_8859_1);
    boolean fresh = socket == null;
    try {
      return exchange(head, body);
    } catch (IOException e) {
      close();
      if (fresh) {
        throw e;
      }
      return exchange(head, body);
    }
  }

  private Response exchange(byte[] head, byte[] body) throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(120_000);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
    }
    out.write(head);
    if (body != null) {
      out.write(body);
    }
    out.flush();
    String status = line();
    if (status == null) {
      throw new IOException("connection closed");
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = false;
    for (String l = line(); l != null && !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = l.substring(0, colon).trim();
      String value = l.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("content-length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
        chunked = true;
      } else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
        closeAfter = true;
      }
    }
    byte[] data;
    if (chunked) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
          size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
        buf.write(in.readNBytes(size));
        line();
      }
      for (String l = line(); l != null && !l.isEmpty(); l = line()) {
        // trailers
      }
      data = buf.toByteArray();
    } else if (length >= 0) {
      data = in.readNBytes((int) length);
    } else {
      data = in.readAllBytes();
      closeAfter = true;
    }
    if (closeAfter) {
      close();
    }
    return new Response(code, data);
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder(64);
    for (int c = in.read(); c >= 0; c = in.read()) {
      if (c == '\n') {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
      }
      b.append((char) c);
    }
    return b.length() == 0 ? null : b.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closed
      }
      socket = null;
    }
  }
}
