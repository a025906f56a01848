package io.s3panel.core.internal;

import io.s3panel.core.AccessDeniedException;
import io.s3panel.core.NoSuchBucketException;
import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.connect.S3Connection;
import io.s3panel.core.stats.BucketUsage;
import io.s3panel.core.stats.ScanListener;
import io.s3panel.core.stats.ScanOptions;
import io.s3panel.core.stats.ScanProgress;
import io.s3panel.core.stats.ScanResult;
import io.s3panel.core.stats.StorageScanner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link StorageScanner}: buckets handed out from a queue to a bounded number of workers. */
final class DefaultStorageScanner implements StorageScanner {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultStorageScanner.class);

  private final S3Connection connection;
  private final Executor executor;

  /** Scans with {@code connection}; bucket workers run on {@code executor} (and the calling thread). */
  DefaultStorageScanner(S3Connection connection, Executor executor) {
    this.connection = connection;
    this.executor = executor;
  }

  @Override
  public ScanResult scan(ScanOptions options) {
    checkCancelled(options);
    List<Bucket> buckets;
    try {
      buckets = connection.s3().listBuckets().buckets();
    } catch (SdkException e) {
      throw S3Errors.translate(e, null, null);
    }
    int total = buckets.size();
    ConcurrentLinkedQueue<BucketUsage> done = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> todo = new ConcurrentLinkedQueue<>();
    AtomicLong objects = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicInteger bucketsDone = new AtomicInteger();
    for (Bucket b : buckets) {
      BucketUsage previous = options.alreadyCounted().get(b.name());
      if (previous != null) {
        done.add(previous);
        objects.addAndGet(previous.objectCount());
        bytes.addAndGet(previous.totalBytes());
        bucketsDone.incrementAndGet();
      } else {
        todo.add(b.name());
      }
    }
    ScanListener listener = options.listener();
    notify(listener, new ScanProgress(bucketsDone.get(), total, objects.get(), bytes.get()));

    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    int workers = Math.min(options.bucketConcurrency(), todo.size());
    CountDownLatch finished = new CountDownLatch(Math.max(workers, 0));
    Runnable worker = () -> {
      try {
        for (String bucket = todo.poll(); bucket != null && failure.get() == null; bucket = todo.poll()) {
          BucketUsage usage;
          try {
            usage = countBucket(bucket, options, failure, objects, bytes, bucketsDone, total);
          } catch (AccessDeniedException | NoSuchBucketException e) {
            usage = BucketUsage.failed(bucket, e.code(), e.getMessage());
          }
          done.add(usage);
          int d = bucketsDone.incrementAndGet();
          notifyBucket(listener, usage);
          notify(listener, new ScanProgress(d, total, objects.get(), bytes.get()));
        }
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      } finally {
        finished.countDown();
      }
    };
    for (int w = 1; w < workers; w++) {
      try {
        executor.execute(worker);
      } catch (RejectedExecutionException e) {
        finished.countDown(); // this worker never runs; the others share its buckets
      }
    }
    if (workers > 0) {
      worker.run();
    }
    try {
      finished.await();
    } catch (InterruptedException e) {
      options.cancellation().cancel();
      Thread.currentThread().interrupt();
      throw new OperationCancelledException("The storage scan was interrupted.", e);
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    List<BucketUsage> result = new ArrayList<>(done);
    result.sort(Comparator.comparing(BucketUsage::bucket));
    long count = 0;
    long size = 0;
    for (BucketUsage u : result) {
      count += u.objectCount();
      size += u.totalBytes();
    }
    return new ScanResult(result, count, size);
  }

  private BucketUsage countBucket(String bucket, ScanOptions options, AtomicReference<RuntimeException> failure,
      AtomicLong objects, AtomicLong bytes, AtomicInteger bucketsDone, int total) {
    long count = 0;
    long size = 0;
    String token = null;
    do {
      checkCancelled(options);
      if (failure.get() != null) {
        throw failure.get(); // another bucket already failed the scan
      }
      String continuation = token;
      ListObjectsV2Response r;
      try {
        r = connection.s3().listObjectsV2(b -> {
          b.bucket(bucket).maxKeys(1000);
          if (continuation != null) {
            b.continuationToken(continuation);
          }
        });
      } catch (SdkException e) {
        throw S3Errors.translate(e, bucket, null);
      }
      long pageBytes = 0;
      for (S3Object o : r.contents()) {
        pageBytes += o.size() == null ? 0 : o.size();
      }
      int pageCount = r.contents().size();
      count += pageCount;
      size += pageBytes;
      long totalObjects = objects.addAndGet(pageCount);
      long totalBytes = bytes.addAndGet(pageBytes);
      notify(options.listener(), new ScanProgress(bucketsDone.get(), total, totalObjects, totalBytes));
      token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
    } while (token != null);
    return BucketUsage.counted(bucket, count, size);
  }

  private static void checkCancelled(ScanOptions options) {
    if (options.cancellation().isCancelled() || Thread.currentThread().isInterrupted()) {
      throw new OperationCancelledException("The storage scan was cancelled.");
    }
  }

  private static void notify(ScanListener listener, ScanProgress progress) {
    try {
      listener.onProgress(progress);
    } catch (RuntimeException e) {
      LOG.warn("A scan listener failed on progress; the scan goes on.", e);
    }
  }

  private static void notifyBucket(ScanListener listener, BucketUsage usage) {
    try {
      listener.onBucketDone(usage);
    } catch (RuntimeException e) {
      LOG.warn("A scan listener failed on a finished bucket; the scan goes on.", e);
    }
  }
}
