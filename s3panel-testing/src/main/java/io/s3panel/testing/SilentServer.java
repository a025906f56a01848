package io.s3panel.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP server on loopback that accepts connections and never answers (or, in reset mode, closes each
 * connection at once with a TCP reset). For timeout and fault tests.
 *
 * <pre>{@code
 * try (SilentServer hanging = SilentServer.hanging()) {
 *   // point the code under test at hanging.endpoint(): its calls must time out, not hang
 * }
 * }</pre>
 */
public final class SilentServer implements AutoCloseable {
  private final ServerSocket socket;
  private final boolean reset;
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private SilentServer(boolean reset) throws IOException {
    this.reset = reset;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "silent-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Accepts and never answers. */
  public static SilentServer hanging() {
    try {
      return new SilentServer(false);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Accepts and resets every connection. */
  public static SilentServer resetting() {
    try {
      return new SilentServer(true);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code http://127.0.0.1:port}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        if (reset) {
          s.setSoLinger(true, 0);
          s.close();
        } else {
          held.add(s);
        }
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Stops the server and closes the connections it holds. */
  @Override
  public void close() {
    try {
      socket.close();
      for (Socket s : held) {
        s.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
  }
}
