package io.s3panel.core.internal;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.FutureTask;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The core's one listing loop: the objects of a bucket (under a prefix), page by page of ListObjectsV2, as
 * the caller advances. Used by the storage scan, the exposure report and {@code listObjects}.
 *
 * <p>Before every page is fetched the {@code checkpoint} runs (cancellation, a failed run); S3 failures
 * come out translated. With {@link #prefetch}, the next page is fetched on the workers while the caller
 * works on the current one. With a {@link #limit}, no page goes beyond that many objects. An empty last page
 * is not handed out. Not thread-safe: one consumer.
 */
final class ObjectListing implements Iterator<List<S3Object>>, AutoCloseable {
  private final S3Client s3;
  private final String bucket;
  private String prefix = "";
  private long limit = Long.MAX_VALUE;
  private boolean urlEncoded;
  private Runnable checkpoint = () -> { };
  private BoundedWorkers prefetcher;

  private long listed;
  private String token;
  private boolean started;
  private boolean ended;
  private boolean complete;
  private List<S3Object> buffered;
  private FutureTask<ListObjectsV2Response> pending;

  ObjectListing(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** Only keys starting with {@code value} (empty: all). */
  ObjectListing prefix(String value) {
    this.prefix = value == null ? "" : value;
    return this;
  }

  /** At most this many objects in all. */
  ObjectListing limit(long value) {
    this.limit = value;
    return this;
  }

  /** Keys come URL-encoded on the wire (the SDK decodes them), so any key survives S3's XML. */
  ObjectListing urlEncoded() {
    this.urlEncoded = true;
    return this;
  }

  /** Runs before every page is fetched (or its prefetch awaited); throws to stop the listing. */
  ObjectListing checkpoint(Runnable value) {
    this.checkpoint = value;
    return this;
  }

  /** Fetches the next page on {@code workers} while the caller works on the current one. */
  ObjectListing prefetch(BoundedWorkers workers) {
    this.prefetcher = workers;
    return this;
  }

  /** True once the whole bucket (prefix) was listed, false while more objects remain beyond what was listed. */
  boolean complete() {
    return complete;
  }

  @Override
  public boolean hasNext() {
    if (buffered == null && !ended) {
      checkpoint.run();
    }
    while (buffered == null && !ended) {
      ListObjectsV2Response r;
      if (pending != null) {
        FutureTask<ListObjectsV2Response> p = pending;
        pending = null;
        r = prefetcher.join(p);
      } else if (!started || token != null) {
        r = fetch(token, limit - listed);
      } else {
        ended = true;
        break;
      }
      started = true;
      accept(r);
    }
    return buffered != null;
  }

  @Override
  public List<S3Object> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    List<S3Object> page = buffered;
    buffered = null;
    if (prefetcher != null && token != null) {
      String t = token;
      long remaining = limit - listed;
      pending = prefetcher.start(() -> fetch(t, remaining));
    }
    return page;
  }

  private void accept(ListObjectsV2Response r) {
    List<S3Object> page = r.contents();
    listed += page.size();
    token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
    if (token == null) {
      complete = true;
      ended = true;
    } else if (listed >= limit) {
      token = null;
      ended = true;
    }
    if (!page.isEmpty() || !ended) {
      buffered = page;
    }
  }

  private ListObjectsV2Response fetch(String continuation, long remaining) {
    try {
      return s3.listObjectsV2(b -> {
        b.bucket(bucket).maxKeys((int) Math.min(1000, remaining));
        if (urlEncoded) {
          b.encodingType(EncodingType.URL);
        }
        if (!prefix.isEmpty()) {
          b.prefix(prefix);
        }
        if (continuation != null) {
          b.continuationToken(continuation);
        }
      });
    } catch (SdkException e) {
      throw S3Errors.translate(e, bucket, null);
    }
  }

  /** Drops a prefetch not yet started (one already running finishes on its own). */
  @Override
  public void close() {
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }
}
