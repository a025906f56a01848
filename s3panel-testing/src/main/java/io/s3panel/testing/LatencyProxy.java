package io.s3panel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A latency line: a loopback TCP proxy in front of one loopback target that forwards every byte a client
 * sends a fixed delay after it arrived (a delay line per connection). A request therefore pays the delay
 * once, like one added network round trip, however its bytes are split; requests on different
 * connections are delayed in parallel, as on a real network. Responses pass through undelayed. SigV4
 * signatures stay valid because clients sign the proxy's host and port, which is what the target sees.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.start(); LatencyProxy far = LatencyProxy.start(s3.endpoint(), 20)) {
 *   // point the code under test at far.endpoint(): every S3 request now takes 20 ms longer
 * }
 * }</pre>
 *
 * <p>Thread-safe; {@link #delay(long)} may change the delay while requests run. It only ever connects to
 * the target it was given.
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
    this.target = Loopback.target(target);
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "latency-proxy");
      t.setDaemon(true);
      return t;
    });
    pool.execute(this::acceptLoop);
  }

  /**
   * Starts a proxy to {@code target} adding {@code delayMillis} to every request (0 for none yet).
   *
   * @param target {@code http://127.0.0.1:port} or {@code http://localhost:port}
   * @throws IllegalArgumentException if the target is not on loopback or the delay is negative
   */
  public static LatencyProxy start(URI target, long delayMillis) {
    if (delayMillis < 0) {
      throw new IllegalArgumentException("delayMillis must not be negative: " + delayMillis);
    }
    try {
      return new LatencyProxy(target, delayMillis);
    } catch (IOException e) {
      throw new IllegalStateException("The latency proxy did not start", e);
    }
  }

  /** {@code http://127.0.0.1:port} of the proxy. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Sets the delay added to bytes that arrive from now on. */
  public void delay(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("millis must not be negative: " + millis);
    }
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(millis);
  }

  /** Connections accepted so far. */
  public long connections() {
    return connections.get();
  }

  /** Client bursts forwarded so far: a burst is bytes after 1 ms of silence, about one request each. */
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
        pool.execute(() -> delayLine(client, upstream));
        pool.execute(() -> pump(upstream, client));
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  /** Upstream to client: straight through. */
  private void pump(Socket from, Socket to) {
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
   * Client to upstream: a reader stamps every chunk with its arrival time; a writer forwards it at arrival
   * plus the delay. Nothing depends on guessing where requests end.
   */
  private void delayLine(Socket from, Socket to) {
    LinkedBlockingQueue<Chunk> line = new LinkedBlockingQueue<>();
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
          requests.incrementAndGet();
        }
        lastArrival = now;
        line.add(new Chunk(Arrays.copyOf(buffer, n), now + delayNanos));
      }
    } catch (IOException e) {
      // connection closed
    } finally {
      line.add(new Chunk(null, 0));
    }
  }

  private record Chunk(byte[] data, long releaseAt) {}

  private void closeBoth(Socket a, Socket b) {
    Loopback.closeQuietly(a);
    Loopback.closeQuietly(b);
    sockets.remove(a);
    sockets.remove(b);
  }

  /** Stops accepting and closes every open connection. */
  @Override
  public void close() {
    Loopback.closeQuietly(server);
    sockets.forEach(Loopback::closeQuietly);
    pool.shutdownNow();
  }
}
