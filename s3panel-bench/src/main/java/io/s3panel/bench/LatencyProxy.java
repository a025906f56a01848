package io.s3panel.bench;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmarks' latency injector: a loopback TCP proxy in front of one target that forwards every byte a
 * client sends a fixed delay after it arrived (a delay line per connection). One request therefore pays the
 * delay once, like one added network round trip; requests on different connections are delayed in
 * parallel, as on a real network. Responses pass through undelayed. SigV4 signatures stay valid because clients sign the
 * proxy's host:port, which is what the target sees. It only ever connects to the target it was given.
 */
public final class LatencyProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final ExecutorService pool;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private volatile long delayNanos;

  private LatencyProxy(URI target, long delayMillis) throws IOException {
    if (!"127.0.0.1".equals(target.getHost()) && !"localhost".equals(target.getHost())) {
      throw new IllegalArgumentException("The latency proxy only fronts loopback targets: " + target);
    }
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "bench-latency-proxy");
      t.setDaemon(true);
      return t;
    });
    pool.execute(this::acceptLoop);
  }

  /** A proxy to {@code target} ({@code http://127.0.0.1:port}) adding {@code delayMillis} per request. */
  public static LatencyProxy start(URI target, long delayMillis) {
    try {
      return new LatencyProxy(target, delayMillis);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code http://127.0.0.1:port}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Sets the delay added to requests forwarded from now on. */
  public void delay(long millis) {
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(millis);
  }

  /** Connections accepted so far. */
  public long connections() {
    return connections.get();
  }

  /** Client bursts (≈ requests) forwarded so far. */
  public long requests() {
    return requests.get();
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

  /** Upstream to client: straight through. */
  private void pump(Socket from, Socket to, boolean delayed) {
    if (delayed) {
      delayLine(from, to);
      return;
    }
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // connection closed
    } finally {
      closeBoth(from, to);
    }
  }

  /**
   * Client to upstream: a delay line. A reader stamps every chunk with its arrival time; a writer forwards it
   * at arrival + delay. Every request therefore pays the delay exactly once, however its bytes are split,
   * and nothing depends on guessing where requests end.
   */
  private void delayLine(Socket from, Socket to) {
    java.util.concurrent.LinkedBlockingQueue<Chunk> line = new java.util.concurrent.LinkedBlockingQueue<>();
    pool.execute(() -> {
      try (OutputStream out = to.getOutputStream()) {
        for (Chunk c = line.take(); c.data != null; c = line.take()) {
          for (long left = c.releaseAt - System.nanoTime(); left > 0; left = c.releaseAt - System.nanoTime()) {
            LockSupport.parkNanos(left);
          }
          out.write(c.data);
          if (line.isEmpty()) {
            out.flush();
          }
        }
      } catch (IOException | InterruptedException e) {
        // connection closed
      } finally {
        closeBoth(from, to);
      }
    });
    byte[] buffer = new byte[64 * 1024];
    long lastArrival = 0;
    try {
      InputStream in = from.getInputStream();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        long now = System.nanoTime();
        if (now - lastArrival > 1_000_000) {
          requests.incrementAndGet(); // a new burst after 1 ms of silence: counted as one request
        }
        lastArrival = now;
        line.add(new Chunk(java.util.Arrays.copyOf(buffer, n), now + delayNanos));
      }
    } catch (IOException e) {
      // connection closed
    } finally {
      line.add(new Chunk(null, 0));
    }
  }

  private record Chunk(byte[] data, long releaseAt) {}

  private void closeBoth(Socket a, Socket b) {
    close(a);
    close(b);
    sockets.remove(a);
    sockets.remove(b);
  }

  private static void close(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // already closed
    }
  }

  @Override
  public void close() {
    close(server);
    sockets.forEach(LatencyProxy::close);
    pool.shutdownNow();
  }
}
