package io.s3panel.core.internal;

import io.s3panel.core.ErrorCode;
import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.ValidationException;
import io.s3panel.core.objects.BatchAction;
import io.s3panel.core.objects.BatchListener;
import io.s3panel.core.objects.BatchOptions;
import io.s3panel.core.objects.BatchProgress;
import io.s3panel.core.objects.BatchRequest;
import io.s3panel.core.objects.BatchResult;
import io.s3panel.core.objects.CopyRequest;
import io.s3panel.core.objects.CopyResult;
import io.s3panel.core.objects.KeyFailure;
import io.s3panel.core.objects.ObjectOperations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** One run of a batch on the calling thread; see {@link ObjectOperations#runBatch}. Not thread-safe. */
final class BatchRun {
  private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);

  /** Ends the run early; carries why. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient KeyFailure reason;

    Stop(KeyFailure reason) {
      super(null, null, false, false);
      this.reason = reason;
    }
  }

  /** Ends the run because the cancellation flag was set (or the thread interrupted). */
  private static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super(null, null, false, false);
    }
  }

  private final DefaultObjectOperations source;
  private final BatchRequest request;
  private final BatchOptions options;
  private final ObjectOperations destination;
  private final boolean sameSet;
  private final List<KeyFailure> listed = new ArrayList<>();
  private long done;
  private long bytes;
  private long failed;

  BatchRun(DefaultObjectOperations source, BatchRequest request, BatchOptions options) {
    this.source = source;
    this.request = request;
    this.options = options;
    this.destination = request.destinationAccount().orElse(source);
    this.sameSet = source.sameSetAs(destination);
  }

  BatchResult run() {
    if (request.action() != BatchAction.DELETE && sameSet && request.destinationBucket().equals(request.bucket())) {
      for (String p : request.prefixes()) {
        if (request.destinationPrefix().startsWith(p)) {
          throw new ValidationException("destinationPrefix", "The destination prefix lies inside the source prefix '"
              + p + "'; the batch would handle its own copies again.");
        }
      }
    }
    BatchResult.Outcome outcome = BatchResult.Outcome.COMPLETED;
    KeyFailure stoppedBy = null;
    try {
      if (request.action() == BatchAction.DELETE) {
        deleteKeys();
        for (String prefix : request.prefixes()) {
          eachPage(prefix, page -> deletePage(page));
        }
      } else {
        for (String key : request.keys()) {
          copyOne(key, -1, null);
        }
        for (String prefix : request.prefixes()) {
          eachPage(prefix, page -> {
            for (S3Object o : page) {
              copyOne(o.key(), o.size() == null ? 0 : o.size(), prefix);
            }
          });
        }
      }
    } catch (Cancelled c) {
      outcome = BatchResult.Outcome.CANCELLED;
    } catch (Stop s) {
      outcome = BatchResult.Outcome.STOPPED;
      stoppedBy = s.reason;
    }
    return new BatchResult(outcome, done, bytes, failed, listed, stoppedBy);
  }

  private void checkCancelled() {
    if (options.cancellation().isCancelled() || Thread.currentThread().isInterrupted()) {
      throw new Cancelled();
    }
  }

  private interface PageHandler {
    void handle(List<S3Object> page);
  }

  private void eachPage(String prefix, PageHandler handler) {
    String token = null;
    do {
      checkCancelled();
      String continuation = token;
      ListObjectsV2Response r;
      try {
        r = source.s3().listObjectsV2(b -> {
          b.bucket(request.bucket()).prefix(prefix).maxKeys(1000);
          if (continuation != null) {
            b.continuationToken(continuation);
          }
        });
      } catch (SdkException e) {
        S3PanelException ex = ObjectErrors.translate(e, request.bucket(), null);
        KeyFailure f = new KeyFailure(prefix, ex.code(), "The prefix could not be listed: " + ex.getMessage());
        fail(f);
        stopIfGlobal(ex, f);
        return;
      }
      handler.handle(r.contents());
      token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
    } while (token != null);
  }

  private void deleteKeys() {
    List<String> keys = request.keys();
    for (int from = 0; from < keys.size(); from += DefaultObjectOperations.DELETE_BATCH) {
      deleteChunk(keys.subList(from, Math.min(keys.size(), from + DefaultObjectOperations.DELETE_BATCH)), Map.of());
    }
  }

  private void deletePage(List<S3Object> page) {
    if (page.isEmpty()) {
      return;
    }
    List<String> keys = new ArrayList<>(page.size());
    Map<String, Long> sizes = new HashMap<>();
    for (S3Object o : page) {
      keys.add(o.key());
      sizes.put(o.key(), o.size() == null ? 0L : o.size());
    }
    deleteChunk(keys, sizes);
  }

  private void deleteChunk(List<String> keys, Map<String, Long> sizes) {
    checkCancelled();
    DeleteObjectsResponse r;
    try {
      r = source.deleteChunk(request.bucket(), keys);
    } catch (S3PanelException e) {
      if (e instanceof OperationCancelledException) {
        cancelledMidCall(keys);
      }
      KeyFailure first = null;
      for (String k : keys) {
        KeyFailure f = new KeyFailure(k, e.code(), "The delete call failed as a whole; the object may still be there: "
            + e.getMessage());
        first = first == null ? f : first;
        fail(f);
      }
      progress();
      stopIfGlobal(e, first);
      return;
    }
    List<String> deleted = new ArrayList<>();
    List<KeyFailure> failures = new ArrayList<>();
    DefaultObjectOperations.sortOut(keys, r, deleted, failures);
    for (String k : deleted) {
      done++;
      bytes += sizes.getOrDefault(k, 0L);
    }
    failures.forEach(this::fail);
    progress();
  }

  /** A call interrupted mid-way: its keys are reported failed (unconfirmed), then the run ends as cancelled. */
  private void cancelledMidCall(List<String> keys) {
    for (String k : keys) {
      fail(new KeyFailure(k, ErrorCode.CANCELLED, "Cancelled while S3 was handling it; it may or may not be done."));
    }
    progress();
    throw new Cancelled();
  }

  private void copyOne(String key, long size, String namedPrefix) {
    String destinationKey = request.destinationKeyOf(key, namedPrefix);
    boolean move = request.action() == BatchAction.MOVE;
    boolean sameBucket = sameSet && request.destinationBucket().equals(request.bucket());
    if (destinationKey.isEmpty() || (sameBucket && destinationKey.equals(key))) {
      // A named prefix's own marker going to the bucket's root, or an object already where it would land.
      if (destinationKey.isEmpty() && move) {
        checkCancelled();
        try {
          source.delete(request.bucket(), key);
        } catch (S3PanelException e) {
          failOrStop(key, e);
          return;
        }
      }
      done++;
      bytes += Math.max(size, 0);
      progress();
      return;
    }
    if (sameBucket) {
      for (String p : request.prefixes()) {
        if (destinationKey.startsWith(p)) {
          fail(new KeyFailure(key, ErrorCode.VALIDATION_FAILED, "Its destination '" + destinationKey
              + "' lies inside the source prefix '" + p + "'; it was left alone so it is not handled twice."));
          progress();
          return;
        }
      }
    }
    checkCancelled();
    CopyRequest copy;
    try {
      copy = CopyRequest.of(b -> b.bucket(request.bucket()).key(key).destinationBucket(request.destinationBucket())
          .destinationKey(destinationKey).move(move));
    } catch (ValidationException e) {
      fail(new KeyFailure(key, e.code(), "Its destination key is not valid: " + e.getMessage()));
      progress();
      return;
    }
    try {
      CopyResult result = sameSet ? source.copyWithin(copy, options.cancellation())
          : source.copyAcross(copy, destination, options.cancellation());
      if (result.complete()) {
        done++;
        bytes += result.destination().size();
      } else {
        fail(result.sourceDeleteFailure());
      }
      progress();
    } catch (OperationCancelledException e) {
      throw new Cancelled();
    } catch (S3PanelException e) {
      failOrStop(key, e);
    }
  }

  private void failOrStop(String key, S3PanelException e) {
    if (e instanceof OperationCancelledException) {
      throw new Cancelled();
    }
    KeyFailure f = new KeyFailure(key, e.code(), e.getMessage());
    fail(f);
    progress();
    stopIfGlobal(e, f);
  }

  private void stopIfGlobal(S3PanelException e, KeyFailure f) {
    if (e instanceof OperationCancelledException) {
      throw new Cancelled();
    }
    if (ObjectErrors.stopsBatch(e)) {
      throw new Stop(f);
    }
  }

  private void fail(KeyFailure f) {
    failed++;
    if (listed.size() < options.maxListedFailures()) {
      listed.add(f);
    }
    BatchListener listener = options.listener();
    try {
      listener.onFailure(f);
    } catch (RuntimeException e) {
      LOG.warn("A batch listener failed on a failure; the batch goes on.", e);
    }
  }

  private void progress() {
    try {
      options.listener().onProgress(new BatchProgress(done, bytes, failed));
    } catch (RuntimeException e) {
      LOG.warn("A batch listener failed on progress; the batch goes on.", e);
    }
  }
}
