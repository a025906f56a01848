package io.s3panel.server.web;

import io.micronaut.buffer.netty.NettyReadBufferFactory;
import io.micronaut.core.io.buffer.ReadBuffer;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A blocking stream as a response body: one thread of {@code executor} reads it in large chunks, up to
 * {@code ahead} chunks before the connection has taken them, while Netty writes the earlier ones.
 *
 * <p>Why not {@code StreamedFile}: Micronaut reads a {@code StreamedFile} 8 KiB at a time and only after
 * the previous 8 KiB were written, hopping between the event loop and a blocking thread twice per 8 KiB;
 * a download ran at a tenth of the speed of fetching the object directly. Here a hop carries a whole
 * chunk and reading overlaps writing. Memory per download stays bounded: at most {@code ahead} chunks
 * queued, one being read and what Netty holds (it asks for more only while the socket is writable).
 *
 * <p>{@code close} runs exactly once: at the end of the stream, on a read failure, or when the subscriber
 * cancels (also mid-read, so an abandoned download stops pulling bytes from S3 at once).
 */
final class ReadAheadBody implements Publisher<ReadBuffer> {
  private static final NettyReadBufferFactory BUFFERS = NettyReadBufferFactory.of(ByteBufAllocator.DEFAULT);
  private static final Object END = new Object();

  private final InputStream in;
  private final Runnable close;
  private final Executor executor;
  private final int chunkSize;
  private final int ahead;
  private final AtomicBoolean subscribed = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  ReadAheadBody(InputStream in, Runnable close, Executor executor, int chunkSize, int ahead) {
    this.in = Objects.requireNonNull(in, "in");
    this.close = Objects.requireNonNull(close, "close");
    this.executor = Objects.requireNonNull(executor, "executor");
    if (chunkSize < 1 || ahead < 1) {
      throw new IllegalArgumentException("chunkSize and ahead must be positive");
    }
    this.chunkSize = chunkSize;
    this.ahead = ahead;
  }

  /** Releases the stream if nobody subscribed (e.g. the client left before the headers were written). */
  void discard() {
    closeOnce();
  }

  private void closeOnce() {
    if (closed.compareAndSet(false, true)) {
      close.run();
    }
  }

  @Override
  public void subscribe(Subscriber<? super ReadBuffer> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    if (!subscribed.compareAndSet(false, true) || closed.get()) {
      subscriber.onSubscribe(new Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
      });
      subscriber.onError(new IllegalStateException("This body can be read only once."));
      return;
    }
    Chunks chunks = new Chunks(subscriber);
    subscriber.onSubscribe(chunks);
    try {
      executor.execute(chunks::readAll);
    } catch (RejectedExecutionException e) {
      chunks.fail(e);
      closeOnce();
    }
  }

  /** The subscription: the reading thread fills {@code queue}; {@link #drain()} hands chunks out on demand. */
  private final class Chunks implements Subscription {
    private final Subscriber<? super ReadBuffer> subscriber;
    private final ArrayBlockingQueue<ReadBuffer> queue = new ArrayBlockingQueue<>(ahead);
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    /** {@link #END} or the failure, set after the last chunk was queued. */
    private volatile Object terminal;
    private volatile boolean cancelled;
    /** A non-positive request (reactive streams rule 3.9): signalled instead of the rest. */
    private volatile Throwable invalidRequest;
    /** Touched only inside {@link #drain()}. */
    private boolean done;

    Chunks(Subscriber<? super ReadBuffer> subscriber) {
      this.subscriber = subscriber;
    }

    /** Runs on the executor: reads until the end, a failure or cancellation, queueing at most {@code ahead} chunks. */
    void readAll() {
      try {
        while (!cancelled) {
          ReadBuffer chunk = readChunk();
          if (chunk == null) {
            terminal = END;
            break;
          }
          while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
            if (cancelled) {
              chunk.close();
              return;
            }
          }
          drain();
        }
      } catch (IOException | RuntimeException e) {
        terminal = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        terminal = e;
      } finally {
        closeOnce();
        drain();
      }
    }

    /** The next chunk (filled unless the stream ends first), or {@code null} at the end. */
    private ReadBuffer readChunk() throws IOException {
      byte[] buffer = new byte[chunkSize];
      int n = 0;
      while (n < buffer.length) {
        int r = in.read(buffer, n, buffer.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
      return n == 0 ? null : BUFFERS.adapt(ByteBuffer.wrap(buffer, 0, n));
    }

    void fail(Throwable t) {
      terminal = t;
      drain();
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        invalidRequest = new IllegalArgumentException("§3.9: request must be positive, was " + n);
        cancel();
        return;
      }
      requested.getAndUpdate(r -> r + n < 0 ? Long.MAX_VALUE : r + n);
      drain();
    }

    @Override
    public void cancel() {
      cancelled = true;
      closeOnce(); // aborts a read in progress; the reading thread then stops
      drain();
    }

    /** Delivers queued chunks while there is demand, then the end or failure; one thread at a time. */
    private void drain() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      int missed = 1;
      do {
        while (!done) {
          if (cancelled) {
            done = true;
            releaseQueued();
            if (invalidRequest != null) {
              subscriber.onError(invalidRequest);
            }
            break;
          }
          Object end = terminal; // read before polling: once set, everything before it is queued
          if (requested.get() > 0) {
            ReadBuffer chunk = queue.poll();
            if (chunk != null) {
              requested.decrementAndGet();
              subscriber.onNext(chunk);
              continue;
            }
          } else if (!queue.isEmpty()) {
            break;
          }
          if (end != null && queue.isEmpty()) {
            done = true;
            if (end == END) {
              subscriber.onComplete();
            } else {
              subscriber.onError((Throwable) end);
            }
          }
          break;
        }
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }

    private void releaseQueued() {
      for (ReadBuffer b; (b = queue.poll()) != null;) {
        b.close();
      }
    }
  }
}
