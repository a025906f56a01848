package io.s3panel.server.web;

import io.micronaut.core.io.buffer.ReadBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A request body read as a blocking {@link InputStream}, handed over from the event loop in batches.
 *
 * <p>Micronaut's own {@code @Body InputStream} takes one buffer at a time: every 8 KiB piece of an upload
 * wakes the reading thread and, when it asks for the next, the event loop (a profile of a 1 GiB upload showed
 * a fifth of the server's CPU in those hand-offs). Here the subscriber keeps a number of buffers requested;
 * the event loop queues them and wakes a waiting reader only once {@link #WAKE_BYTES} have arrived, every
 * requested buffer has come, or the body ended; the reader then takes the whole queue and asks for as many
 * again. The number requested ahead is {@link #AHEAD_BYTES} over the largest piece the server's HTTP decoder
 * makes ({@code micronaut.server.netty.max-chunk-size}), so about 1 MiB waits per upload whatever that
 * setting, and a slow S3 still holds the client back rather than filling the heap.
 */
final class RequestBodyStream extends InputStream implements Subscriber<ReadBuffer> {
  /** Bytes requested ahead of the reader, at most. */
  static final int AHEAD_BYTES = 1 << 20;
  /** Bytes that make it worth waking a waiting reader before every requested buffer has come. */
  static final int WAKE_BYTES = 256 * 1024;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  // Guarded by lock: filled by the event loop, emptied by the reader.
  private ArrayDeque<ReadBuffer> queue = new ArrayDeque<>();
  private long queuedBytes;
  private int outstanding;
  private boolean readerWaiting;
  private boolean ended;
  private Throwable failure;
  private boolean closed;
  private Subscription subscription;
  private final int ahead;
  // The reader's own: the batch it is reading.
  private ArrayDeque<ReadBuffer> batch = new ArrayDeque<>();

  /** Subscribes to {@code body}, whose buffers hold at most {@code maxPiece} bytes, at once. */
  static RequestBodyStream of(Publisher<ReadBuffer> body, int maxPiece) {
    RequestBodyStream stream = new RequestBodyStream(Math.max(4, AHEAD_BYTES / Math.max(1, maxPiece)));
    body.subscribe(stream);
    return stream;
  }

  private RequestBodyStream(int ahead) {
    this.ahead = ahead;
  }

  @Override
  public void onSubscribe(Subscription s) {
    boolean cancel;
    lock.lock();
    try {
      subscription = s;
      cancel = closed;
      outstanding = cancel ? 0 : ahead;
    } finally {
      lock.unlock();
    }
    if (cancel) {
      s.cancel();
    } else {
      s.request(ahead);
    }
  }

  @Override
  public void onNext(ReadBuffer buffer) {
    lock.lock();
    try {
      if (closed) {
        buffer.close();
        return;
      }
      queue.add(buffer);
      queuedBytes += buffer.readable();
      outstanding--;
      if (readerWaiting && (queuedBytes >= WAKE_BYTES || outstanding <= 0)) {
        readerWaiting = false;
        arrived.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onError(Throwable t) {
    end(t);
  }

  @Override
  public void onComplete() {
    end(null);
  }

  private void end(Throwable t) {
    lock.lock();
    try {
      ended = true;
      failure = t;
      arrived.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    int done = 0;
    while (done < len) {
      ReadBuffer head = batch.peekFirst();
      if (head == null) {
        if (done > 0 && !nextBatchReady()) {
          return done; // what is here now, rather than waiting with bytes in hand
        }
        if (!takeBatch()) {
          return done > 0 ? done : -1;
        }
        continue;
      }
      int n = Math.min(len - done, head.readable());
      if (n == head.readable()) {
        head.toArray(b, off + done);
        batch.pollFirst().close();
      } else {
        try (ReadBuffer piece = head.split(n)) {
          piece.toArray(b, off + done);
        }
      }
      done += n;
    }
    return done;
  }

  private boolean nextBatchReady() {
    lock.lock();
    try {
      return !queue.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the next batch and asks for as many buffers again; false at the end of the body. */
  private boolean takeBatch() throws IOException {
    int taken;
    Subscription s;
    lock.lock();
    try {
      while (queue.isEmpty() && !ended && !closed) {
        readerWaiting = true;
        try {
          arrived.await();
        } catch (InterruptedException e) {
          readerWaiting = false;
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for the request body");
        }
      }
      readerWaiting = false;
      if (closed) {
        throw new IOException("the request body was closed");
      }
      if (queue.isEmpty()) {
        if (failure != null) {
          throw new IOException("the request body failed", failure);
        }
        return false;
      }
      ArrayDeque<ReadBuffer> full = queue;
      queue = batch; // empty: the reader had read all of it
      batch = full;
      queuedBytes = 0;
      taken = ended ? 0 : batch.size();
      outstanding += taken;
      s = subscription;
    } finally {
      lock.unlock();
    }
    if (taken > 0) {
      s.request(taken);
    }
    return true;
  }

  /** Stops the body and releases what was read ahead. */
  @Override
  public void close() {
    Subscription s;
    boolean cancel;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      s = subscription;
      cancel = !ended;
      queue.forEach(ReadBuffer::close);
      queue.clear();
      arrived.signal();
    } finally {
      lock.unlock();
    }
    batch.forEach(ReadBuffer::close);
    batch.clear();
    if (s != null && cancel) {
      s.cancel();
    }
  }
}
