package io.s3panel.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay to an endpoint that behaves like a full-duplex network link of a given rate: the bytes of all
 * connections going one way share one token bucket (burst 256 KiB). The S3 endpoint of a real deployment is
 * across a network; this puts S3Proxy behind one, for the direct path and the server's path alike.
 */
final class LinkProxy implements AutoCloseable {
  private static final int PIECE = 64 * 1024;
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final Bucket up;
  private final Bucket down;
  private volatile boolean closed;

  private LinkProxy(URI target, long bytesPerSecond) throws IOException {
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    this.up = new Bucket(bytesPerSecond);
    this.down = new Bucket(bytesPerSecond);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "link-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** A link of {@code megabitsPerSecond} (10^6 bits) in each direction to {@code target}. */
  static LinkProxy start(URI target, long megabitsPerSecond) throws IOException {
    return new LinkProxy(target, megabitsPerSecond * 1_000_000 / 8);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(target.getAddress(), target.getPort());
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        pump(client, server, up);
        pump(server, client, down);
      } catch (IOException e) {
        if (!closed) {
          System.err.println("link proxy: " + e);
        }
      }
    }
  }

  private static void pump(Socket from, Socket to, Bucket bucket) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[PIECE];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buf)) > 0;) {
          bucket.take(n);
          out.write(buf, 0, n);
        }
      } catch (IOException ignored) {
        // one side closed: close both
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "link-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
  }

  /** Bytes may pass at {@code rate} per second, with a burst of 256 KiB. */
  private static final class Bucket {
    private static final double BURST = 256 * 1024;
    private final double rate;
    private double tokens = BURST;
    private long last = System.nanoTime();

    Bucket(long rate) {
      this.rate = rate;
    }

    void take(int n) {
      long waitNanos;
      synchronized (this) {
        long now = System.nanoTime();
        tokens = Math.min(BURST, tokens + (now - last) * rate / 1e9);
        last = now;
        tokens -= n; // may go negative: the caller waits until it is paid back
        waitNanos = tokens >= 0 ? 0 : (long) (-tokens / rate * 1e9);
      }
      if (waitNanos > 0) {
        LockSupport.parkNanos(waitNanos);
      }
    }
  }
}
