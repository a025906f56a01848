package io.s3panel.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback that forwards to a target and delays every burst of bytes sent by the client
 * by a fixed time: about one added round trip per HTTP request. Signatures stay valid because the
 * client signs the proxy's host and port, which is what the target receives. For fault and latency tests
 * and benchmarks; it only ever connects to the target given.
 */
public final class LatencyProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final ExecutorService pool;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile long delayMillis;

  private LatencyProxy(URI target, long delayMillis) throws IOException {
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    this.delayMillis = delayMillis;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "latency-proxy");
      t.setDaemon(true);
      return t;
    });
    pool.execute(this::acceptLoop);
  }

  /** Starts a proxy to {@code target} ({@code http://host:port}) adding {@code delayMillis} per client burst. */
  public static LatencyProxy start(URI target, long delayMillis) {
    try {
      return new LatencyProxy(target, delayMillis);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code http://127.0.0.1:port} of the proxy. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Changes the added delay for bytes forwarded from now on. */
  public void delay(long millis) {
    this.delayMillis = millis;
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        connections.incrementAndGet();
        client.setTcpNoDelay(true);
        Socket upstream = new Socket();
        upstream.setTcpNoDelay(true);
        upstream.connect(target, 5000);
        sockets.add(client);
        sockets.add(upstream);
        pool.execute(() -> pump(client, upstream, true));
        pool.execute(() -> pump(upstream, client, false));
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to, boolean delayed) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (delayed && delayMillis > 0 && in.available() == 0) {
          Thread.sleep(delayMillis);
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // connection closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closeQuietly2(server);
    sockets.forEach(LatencyProxy::closeQuietly);
    pool.shutdownNow();
  }

  private static void closeQuietly2(ServerSocket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
