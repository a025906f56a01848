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
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link StorageScanner}: buckets to a bounded number of workers ({@link BoundedWorkers}), each listed by {@link ObjectListing}. */
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
    List<String> todo = new ArrayList<>();
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

    new BoundedWorkers(executor, options.cancellation(), "storage scan").forEach(todo, options.bucketConcurrency(),
        (bucket, stop) -> {
          BucketUsage usage;
          try {
            usage = countBucket(bucket, options, stop, objects, bytes, bucketsDone, total);
          } catch (AccessDeniedException | NoSuchBucketException e) {
            usage = BucketUsage.failed(bucket, e.code(), e.getMessage());
          }
          done.add(usage);
          int d = bucketsDone.incrementAndGet();
          notifyBucket(listener, usage);
          notify(listener, new ScanProgress(d, total, objects.get(), bytes.get()));
        });
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

  private BucketUsage countBucket(String bucket, ScanOptions options, BoundedWorkers.Stop stop, AtomicLong objects,
      AtomicLong bytes, AtomicInteger bucketsDone, int total) {
    long count = 0;
    long size = 0;
    // Each page checks the cancellation and whether another bucket already failed the scan.
    try (ObjectListing pages = new ObjectListing(connection.s3(), bucket).checkpoint(stop::check)) {
      while (pages.hasNext()) {
        List<S3Object> page = pages.next();
        long pageBytes = 0;
        for (S3Object o : page) {
          pageBytes += o.size() == null ? 0 : o.size();
        }
        count += page.size();
        size += pageBytes;
        long totalObjects = objects.addAndGet(page.size());
        long totalBytes = bytes.addAndGet(pageBytes);
        notify(options.listener(), new ScanProgress(bucketsDone.get(), total, totalObjects, totalBytes));
      }
    }
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
