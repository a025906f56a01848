package io.s3panel.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.core.io.buffer.ReadBuffer;
import io.micronaut.core.io.buffer.ReadBufferFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** The batched request body: every byte in order, demand bounded, failures and early close handled. */
class RequestBodyStreamTest {

  /**
   * Emits {@code pieces} of {@code piece} bytes from its own thread, only as far as the subscriber asked,
   * remembering the most it was ever asked for beyond what it had sent.
   */
  private static final class Source implements Publisher<ReadBuffer> {
    final byte[] content;
    final int piece;
    final IOException failAfter; // null: complete normally
    final AtomicLong demand = new AtomicLong();
    final AtomicLong mostAhead = new AtomicLong();
    final AtomicBoolean cancelled = new AtomicBoolean();
    final AtomicInteger sent = new AtomicInteger();
    final CountDownLatch finished = new CountDownLatch(1);

    Source(int size, int piece, IOException failAfter) {
      this.content = new byte[size];
      new Random(size).nextBytes(content);
      this.piece = piece;
      this.failAfter = failAfter;
    }

    @Override
    public void subscribe(Subscriber<? super ReadBuffer> s) {
      Object signal = new Object();
      s.onSubscribe(new Subscription() {
        @Override
        public void request(long n) {
          mostAhead.accumulateAndGet(demand.addAndGet(n), Math::max);
          synchronized (signal) {
            signal.notifyAll();
          }
        }

        @Override
        public void cancel() {
          cancelled.set(true);
          synchronized (signal) {
            signal.notifyAll();
          }
        }
      });
      Thread producer = new Thread(() -> {
        try {
          for (int off = 0; off < content.length; off += piece) {
            synchronized (signal) {
              while (demand.get() == 0 && !cancelled.get()) {
                signal.wait();
              }
            }
            if (cancelled.get()) {
              return;
            }
            demand.decrementAndGet();
            sent.incrementAndGet();
            byte[] copy = java.util.Arrays.copyOfRange(content, off, Math.min(content.length, off + piece));
            s.onNext(ReadBufferFactory.getJdkFactory().adapt(copy));
          }
          if (failAfter != null) {
            s.onError(failAfter);
          } else {
            s.onComplete();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          finished.countDown();
        }
      }, "event-loop-stand-in");
      producer.setDaemon(true);
      producer.start();
    }
  }

  @Test
  void everyByteArrivesInOrder_andNoMoreThanAboutOneMebibyteIsAskedFor() throws Exception {
    Source source = new Source(5 * 1024 * 1024 + 17, 8192, null);
    try (InputStream in = RequestBodyStream.of(source, 8192)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[100_000]; // not a multiple of the pieces: reads end inside them
      for (int n; (n = in.read(buf)) > 0;) {
        out.write(buf, 0, n);
      }
      assertThat(out.toByteArray()).isEqualTo(source.content);
      assertThat(in.read()).isEqualTo(-1);
    }
    assertThat(source.mostAhead.get()).isEqualTo(RequestBodyStream.AHEAD_BYTES / 8192);
  }

  @Test
  void largerPieces_askForFewerAhead() throws Exception {
    Source source = new Source(3 * 1024 * 1024, 65536, null);
    try (InputStream in = RequestBodyStream.of(source, 65536)) {
      assertThat(in.readAllBytes()).isEqualTo(source.content);
    }
    assertThat(source.mostAhead.get()).isEqualTo(RequestBodyStream.AHEAD_BYTES / 65536);
  }

  @Test
  void byteByByte_givesTheSameBytes() throws Exception {
    Source source = new Source(70_001, 4096, null);
    try (InputStream in = RequestBodyStream.of(source, 4096)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int b; (b = in.read()) >= 0;) {
        out.write(b);
      }
      assertThat(out.toByteArray()).isEqualTo(source.content);
    }
  }

  @Test
  void aFailedBody_failsTheReadAfterTheBytesThatCame() throws Exception {
    IOException cause = new IOException("connection reset");
    Source source = new Source(300_000, 8192, cause);
    try (InputStream in = RequestBodyStream.of(source, 8192)) {
      byte[] first = in.readNBytes(200_000);
      assertThat(first).isEqualTo(java.util.Arrays.copyOf(source.content, 200_000));
      assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasCause(cause);
    }
  }

  @Test
  void closingEarly_cancelsTheBody() throws Exception {
    Source source = new Source(50 * 1024 * 1024, 8192, null);
    InputStream in = RequestBodyStream.of(source, 8192);
    assertThat(in.readNBytes(10_000)).hasSize(10_000);
    in.close();
    assertThat(source.finished.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(source.cancelled).isTrue();
    assertThat(source.sent.get()).isLessThan(50 * 128); // stopped long before the end
    assertThatThrownBy(in::read).isInstanceOf(IOException.class);
  }
}
