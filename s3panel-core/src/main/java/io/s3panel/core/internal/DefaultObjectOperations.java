package io.s3panel.core.internal;

import io.s3panel.core.ErrorCode;
import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.RangeNotSatisfiableException;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.S3UnreachableException;
import io.s3panel.core.ValidationException;
import io.s3panel.core.connect.S3Connection;
import io.s3panel.core.navigate.Names;
import io.s3panel.core.navigate.ObjectSummary;
import io.s3panel.core.objects.BatchOptions;
import io.s3panel.core.objects.BatchRequest;
import io.s3panel.core.objects.BatchResult;
import io.s3panel.core.objects.CopyRequest;
import io.s3panel.core.objects.CopyResult;
import io.s3panel.core.objects.DeleteResult;
import io.s3panel.core.objects.Download;
import io.s3panel.core.objects.DownloadRequest;
import io.s3panel.core.objects.KeyFailure;
import io.s3panel.core.objects.ObjectOperations;
import io.s3panel.core.objects.SearchPage;
import io.s3panel.core.objects.SearchRequest;
import io.s3panel.core.objects.TransferSettings;
import io.s3panel.core.objects.UploadRequest;
import io.s3panel.core.objects.UploadResult;
import io.s3panel.core.stats.Cancellation;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectOperations} over one connection. Upload parts and nothing else run on {@code executor}; the
 * rest runs on the calling thread.
 */
final class DefaultObjectOperations implements ObjectOperations {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultObjectOperations.class);
  private static final String OCTET_STREAM = "application/octet-stream";
  static final int DELETE_BATCH = 1000;
  private static final int FIRST_BUFFER = 64 * 1024;
  /** How long an aborting upload waits for its running parts before aborting anyway. */
  static final long ABORT_WAIT_MILLIS = 500;

  private final S3Connection connection;
  private final Executor executor;
  private final TransferSettings settings;
  private final Consumer<AwsRequestOverrideConfiguration.Builder> transferTimeout;

  /** Operations with {@code connection}; upload parts run on {@code executor} (or the caller when it refuses). */
  DefaultObjectOperations(S3Connection connection, Executor executor, TransferSettings settings) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.transferTimeout = o -> o.apiCallTimeout(settings.transferCallTimeout())
        .apiCallAttemptTimeout(settings.transferCallTimeout());
  }

  S3Client s3() {
    return connection.s3();
  }

  TransferSettings settings() {
    return settings;
  }

  /** True when {@code other} talks through the same connection (same set), so copies can stay server-side. */
  boolean sameSetAs(ObjectOperations other) {
    return other == null || other == this
        || other instanceof DefaultObjectOperations && ((DefaultObjectOperations) other).connection == connection;
  }

  // ---------------------------------------------------------------- upload

  @Override
  public UploadResult upload(UploadRequest request, InputStream body) {
    return upload(request, body, null);
  }

  /** {@link #upload(UploadRequest, InputStream)} that also gives up, aborting, once {@code cancel} (may be null) is set. */
  UploadResult upload(UploadRequest request, InputStream body, Cancellation cancel) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(body, "body");
    int partSize = settings.partSize();
    // Grow the first buffer as bytes arrive, so a small upload does not cost a whole part of memory.
    byte[] first = new byte[Math.min(partSize, FIRST_BUFFER)];
    int n = 0;
    while (true) {
      n += readFully(body, first, n, first.length - n);
      if (n < first.length || first.length == partSize) {
        break;
      }
      first = java.util.Arrays.copyOf(first, (int) Math.min(partSize, 2L * first.length));
    }
    if (n < partSize) {
      return putSingle(request, first, n);
    }
    int next = readOne(body);
    if (next < 0) {
      return putSingle(request, first, n);
    }
    return new MultipartUpload(request, cancel).run(body, first, next);
  }

  private UploadResult putSingle(UploadRequest r, byte[] buffer, int length) {
    try {
      var response = s3().putObject(b -> {
        b.bucket(r.bucket()).key(r.key()).contentLength((long) length).overrideConfiguration(transferTimeout)
            .contentType(r.contentType().orElse(OCTET_STREAM));
        if (!r.metadata().isEmpty()) {
          b.metadata(r.metadata());
        }
        if (r.failIfExists()) {
          b.ifNoneMatch("*");
        }
      }, RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
          r.contentType().orElse(OCTET_STREAM)));
      return new UploadResult(r.bucket(), r.key(), length, unquote(response.eTag()), response.versionId());
    } catch (SdkException e) {
      throw ObjectErrors.translate(e, r.bucket(), r.key());
    }
  }

  /** One multipart upload: parts go out on the executor, at most {@code partsInFlight} at once. */
  private final class MultipartUpload {
    private final UploadRequest request;
    private final Cancellation cancel;
    private final Semaphore permits = new Semaphore(settings.partsInFlight());
    private final ConcurrentSkipListMap<Integer, CompletedPart> parts = new ConcurrentSkipListMap<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Set<Thread> running = new HashSet<>();
    /**
     * Part buffers whose part has ended, taken again for the next parts: one upload allocates at most
     * {@code partsInFlight + 1} buffers, whatever its size, instead of a fresh part-sized array per part (with a
     * small heap, that churn of large arrays was a full collection every few parts).
     */
    private final ConcurrentLinkedQueue<byte[]> spare = new ConcurrentLinkedQueue<>();
    private volatile boolean aborting;
    private volatile boolean abortedOnce;
    private String uploadId;

    MultipartUpload(UploadRequest request, Cancellation cancel) {
      this.request = request;
      this.cancel = cancel;
    }

    UploadResult run(InputStream body, byte[] first, int nextByte) {
      if (request.failIfExists() && exists(request.bucket(), request.key())) {
        throw new io.s3panel.core.ConflictException(
            "An object already exists at '" + request.key() + "' in bucket '" + request.bucket() + "'.");
      }
      try {
        uploadId = s3().createMultipartUpload(b -> {
          b.bucket(request.bucket()).key(request.key()).contentType(request.contentType().orElse(OCTET_STREAM));
          if (!request.metadata().isEmpty()) {
            b.metadata(request.metadata());
          }
        }).uploadId();
      } catch (SdkException e) {
        throw ObjectErrors.translate(e, request.bucket(), request.key());
      }
      try {
        long total = 0;
        byte[] buffer = first;
        int length = buffer.length;
        int next = nextByte;
        int partSize = settings.partSize();
        for (int partNumber = 1; ; partNumber++) {
          acquire();
          submit(partNumber, buffer, length);
          total += length;
          if (next < 0) {
            break;
          }
          if (partNumber == TransferSettings.MAX_PARTS) {
            throw new ValidationException("body", "The upload is larger than " + TransferSettings.MAX_PARTS
                + " parts of " + partSize + " bytes; nothing was stored.");
          }
          buffer = spare.poll();
          if (buffer == null) {
            buffer = new byte[partSize];
          }
          buffer[0] = (byte) next;
          length = 1 + readFully(body, buffer, 1, partSize - 1);
          next = length < partSize ? -1 : readOne(body);
          throwIfFailed();
        }
        permits.acquireUninterruptibly(settings.partsInFlight()); // every part has finished
        permits.release(settings.partsInFlight());
        throwIfFailed();
        var response = s3().completeMultipartUpload(b -> {
          b.bucket(request.bucket()).key(request.key()).uploadId(uploadId)
              .multipartUpload(m -> m.parts(new ArrayList<>(parts.values())))
              .overrideConfiguration(transferTimeout);
          if (request.failIfExists()) {
            b.ifNoneMatch("*");
          }
        });
        return new UploadResult(request.bucket(), request.key(), total, unquote(response.eTag()), response.versionId());
      } catch (SdkException e) {
        RuntimeException translated = ObjectErrors.translate(e, request.bucket(), request.key());
        abort();
        throw translated;
      } catch (RuntimeException | Error e) {
        abort();
        throw e;
      }
    }

    private void acquire() {
      try {
        while (!permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
          if (cancel != null && cancel.isCancelled()) {
            throw new OperationCancelledException("The upload was cancelled; nothing was stored.");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OperationCancelledException("The upload was interrupted; nothing was stored.", e);
      }
    }

    private void throwIfFailed() {
      RuntimeException f = failure.get();
      if (f != null) {
        throw f;
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new OperationCancelledException("The upload was interrupted; nothing was stored.");
      }
    }

    private void submit(int partNumber, byte[] buffer, int length) {
      Runnable task = () -> {
        try {
          if (aborting || failure.get() != null) {
            return;
          }
          Thread me = Thread.currentThread();
          synchronized (running) {
            running.add(me);
          }
          try {
            var response = s3().uploadPart(b -> b.bucket(request.bucket()).key(request.key()).uploadId(uploadId)
                    .partNumber(partNumber).contentLength((long) length).overrideConfiguration(transferTimeout),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, OCTET_STREAM));
            parts.put(partNumber, CompletedPart.builder().partNumber(partNumber).eTag(response.eTag()).build());
          } finally {
            synchronized (running) {
              running.remove(me);
            }
            if (me != owner) {
              Thread.interrupted(); // an abort's interrupt must not leak into the pool's next task
            }
          }
        } catch (SdkException e) {
          failure.compareAndSet(null, ObjectErrors.translate(e, request.bucket(), request.key()));
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        } finally {
          spare.add(buffer); // the SDK is done with it: the call has returned or never started
          permits.release();
          if (abortedOnce && permits.availablePermits() == settings.partsInFlight()) {
            abortCall(); // the last part that outlived the abort: abort again so none of its parts remains
          }
        }
      };
      try {
        executor.execute(task);
      } catch (RejectedExecutionException e) {
        task.run();
      }
    }

    private final Thread owner = Thread.currentThread();

    /**
     * Interrupts the parts running, waits up to {@link #ABORT_WAIT_MILLIS} for them to end, then aborts the
     * upload. A part still running then (a socket write does not heed interrupts) aborts the upload again
     * when it ends, so no part outlives the upload.
     */
    private void abort() {
      aborting = true;
      synchronized (running) {
        for (Thread t : running) {
          if (t != owner) {
            t.interrupt();
          }
        }
      }
      boolean interrupted = Thread.interrupted();
      try {
        if (permits.tryAcquire(settings.partsInFlight(), ABORT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
          permits.release(settings.partsInFlight());
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
      try {
        abortCall();
        abortedOnce = true;
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void abortCall() {
      try {
        s3().abortMultipartUpload(b -> b.bucket(request.bucket()).key(request.key()).uploadId(uploadId));
      } catch (AwsServiceException e) {
        if (e.statusCode() != 404) {
          LOG.warn("The multipart upload of '{}' in bucket '{}' could not be aborted ({}); its parts stay until a "
              + "lifecycle rule or a later abort removes them.", request.key(), request.bucket(), e.statusCode());
        }
      } catch (SdkException e) {
        LOG.warn("The multipart upload of '{}' in bucket '{}' could not be aborted ({}); its parts stay until a "
            + "lifecycle rule or a later abort removes them.", request.key(), request.bucket(), e.getClass().getSimpleName());
      }
    }
  }

  private static int readFully(InputStream in, byte[] buffer, int offset, int length) {
    int total = 0;
    try {
      while (total < length) {
        int r = in.read(buffer, offset + total, length - total);
        if (r < 0) {
          break;
        }
        total += r;
      }
    } catch (IOException e) {
      throw bodyFailed(e);
    }
    return total;
  }

  private static int readOne(InputStream in) {
    try {
      return in.read();
    } catch (IOException e) {
      throw bodyFailed(e);
    }
  }

  private static ValidationException bodyFailed(IOException e) {
    LOG.debug("An upload's body failed", e);
    return new ValidationException("body", "The upload's body failed before its end; nothing was stored.");
  }

  // ---------------------------------------------------------------- download

  @Override
  public Download download(DownloadRequest request) {
    GetObjectRequest.Builder b = GetObjectRequest.builder().bucket(request.bucket()).key(request.key());
    request.range().ifPresent(r -> b.range(r.toHeader()));
    request.ifNoneMatch().ifPresent(b::ifNoneMatch);
    try {
      return new S3Download(s3().getObject(b.build()));
    } catch (AwsServiceException e) {
      if (e.statusCode() == 304) {
        String etag = e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null ? null
            : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("ETag").orElse(null);
        return S3Download.notModified(etag == null ? request.ifNoneMatch().orElse(null) : etag);
      }
      if (e.statusCode() == 416 || isCode(e, "InvalidRange")) {
        long size = -1;
        try {
          HeadObjectResponse h = s3().headObject(x -> x.bucket(request.bucket()).key(request.key()));
          size = h.contentLength() == null ? -1 : h.contentLength();
        } catch (SdkException ignored) {
          LOG.debug("HEAD after a 416 failed", ignored);
        }
        throw new RangeNotSatisfiableException("The range " + request.range().map(Object::toString).orElse("")
            + " lies outside the object '" + request.key() + "'" + (size >= 0 ? " of " + size + " bytes." : "."), size, e);
      }
      throw ObjectErrors.translate(e, request.bucket(), request.key());
    } catch (SdkException e) {
      throw ObjectErrors.translate(e, request.bucket(), request.key());
    }
  }

  private static boolean isCode(AwsServiceException e, String code) {
    return e.awsErrorDetails() != null && code.equals(e.awsErrorDetails().errorCode());
  }

  // ---------------------------------------------------------------- delete

  @Override
  public void delete(String bucket, String key) {
    Names.requireBucket(bucket);
    Names.requireKey("key", key);
    try {
      s3().deleteObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw ObjectErrors.translate(e, bucket, key);
    }
  }

  @Override
  public DeleteResult deleteAll(String bucket, Collection<String> keys) {
    Names.requireBucket(bucket);
    List<String> unique = new ArrayList<>(new LinkedHashSet<>(keys));
    ValidationException.Collector errors = new ValidationException.Collector();
    for (int i = 0; i < unique.size(); i++) {
      ValidationException.Collector one = new ValidationException.Collector();
      Names.checkKeyLike(one, "keys", unique.get(i), false);
      if (!one.isEmpty()) {
        errors.add("keys", "keys[" + i + "] is not a valid key: 1 to 1024 bytes of UTF-8 without control characters.");
        break;
      }
    }
    errors.throwIfAny();
    List<String> deleted = new ArrayList<>();
    List<KeyFailure> failed = new ArrayList<>();
    for (int from = 0; from < unique.size(); from += DELETE_BATCH) {
      List<String> chunk = unique.subList(from, Math.min(unique.size(), from + DELETE_BATCH));
      DeleteObjectsResponse r = deleteChunk(bucket, chunk);
      sortOut(chunk, r, deleted, failed);
    }
    return new DeleteResult(deleted, failed);
  }

  /** One DeleteObjects call, verbose (every deleted key is confirmed). */
  DeleteObjectsResponse deleteChunk(String bucket, List<String> keys) {
    List<ObjectIdentifier> ids = new ArrayList<>(keys.size());
    for (String k : keys) {
      ids.add(ObjectIdentifier.builder().key(k).build());
    }
    try {
      return s3().deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(false)));
    } catch (SdkException e) {
      throw ObjectErrors.translate(e, bucket, null);
    }
  }

  /** Splits a DeleteObjects answer: confirmed keys, failed keys, and keys S3 did not mention (failed too). */
  static void sortOut(List<String> asked, DeleteObjectsResponse r, List<String> deleted, List<KeyFailure> failed) {
    Set<String> pending = new LinkedHashSet<>(asked);
    for (DeletedObject d : r.deleted()) {
      if (pending.remove(d.key())) {
        deleted.add(d.key());
      }
    }
    for (S3Error e : r.errors()) {
      if (pending.remove(e.key())) {
        failed.add(new KeyFailure(e.key(), codeOf(e.code()), "S3 did not delete it (" + e.code() + ")."));
      }
    }
    for (String k : pending) {
      failed.add(new KeyFailure(k, ErrorCode.INTERNAL, "S3 did not confirm the delete; it may still be there."));
    }
  }

  private static ErrorCode codeOf(String s3Code) {
    if (s3Code == null) {
      return ErrorCode.INTERNAL;
    }
    switch (s3Code) {
      case "AccessDenied":
        return ErrorCode.AWS_ACCESS_DENIED;
      case "NoSuchKey":
        return ErrorCode.AWS_NO_SUCH_KEY;
      case "NoSuchBucket":
        return ErrorCode.AWS_NO_SUCH_BUCKET;
      case "SlowDown":
      case "InternalError":
      case "ServiceUnavailable":
        return ErrorCode.AWS_UNREACHABLE;
      default:
        return ErrorCode.INTERNAL;
    }
  }

  // ---------------------------------------------------------------- copy and move

  @Override
  public CopyResult copy(CopyRequest request) {
    return copyWithin(request, null);
  }

  @Override
  public CopyResult copy(CopyRequest request, ObjectOperations destination) {
    Objects.requireNonNull(destination, "destination");
    return sameSetAs(destination) ? copyWithin(request, null) : copyAcross(request, destination, null);
  }

  /** True when {@code other} is another set's operations against the same endpoint and region (maybe the same account). */
  private boolean sameService(ObjectOperations other) {
    if (!(other instanceof DefaultObjectOperations)) {
      return false;
    }
    S3Connection c = ((DefaultObjectOperations) other).connection;
    return c.endpoint().equals(connection.endpoint()) && c.region().equals(connection.region());
  }

  /** Server-side copy within this set; {@code cancel} (may be null) is checked between the parts of a multipart copy. */
  CopyResult copyWithin(CopyRequest r, Cancellation cancel) {
    if (r.bucket().equals(r.destinationBucket()) && r.key().equals(r.destinationKey())) {
      throw new ValidationException("destinationKey", "The destination is the source itself.");
    }
    HeadObjectResponse source = head(r.bucket(), r.key());
    if (!r.overwrite() && exists(r.destinationBucket(), r.destinationKey())) {
      throw conflict(r);
    }
    long size = source.contentLength() == null ? 0 : source.contentLength();
    UploadResult written = size > settings.multipartCopyThreshold()
        ? multipartCopy(r, source, size, cancel) : copyObject(r, size);
    return finishMove(r, written);
  }

  private UploadResult copyObject(CopyRequest r, long size) {
    try {
      var response = s3().copyObject(b -> {
        b.sourceBucket(r.bucket()).sourceKey(r.key())
            .destinationBucket(r.destinationBucket()).destinationKey(r.destinationKey())
            .overrideConfiguration(transferTimeout);
        if (!r.overwrite()) {
          b.ifNoneMatch("*"); // services that know conditional copies close the race the HEAD above leaves open
        }
      });
      String etag = response.copyObjectResult() == null ? null : response.copyObjectResult().eTag();
      return new UploadResult(r.destinationBucket(), r.destinationKey(), size, unquote(etag), response.versionId());
    } catch (SdkException e) {
      throw ObjectErrors.translate(e, r.destinationBucket(), r.destinationKey());
    }
  }

  private UploadResult multipartCopy(CopyRequest r, HeadObjectResponse source, long size, Cancellation cancel) {
    long partSize = Math.max(settings.copyPartSize(), (size + TransferSettings.MAX_PARTS - 1) / TransferSettings.MAX_PARTS);
    String uploadId;
    try {
      uploadId = s3().createMultipartUpload(b -> {
        b.bucket(r.destinationBucket()).key(r.destinationKey()).metadata(source.metadata());
        if (source.contentType() != null) {
          b.contentType(source.contentType());
        }
      }).uploadId();
    } catch (SdkException e) {
      throw ObjectErrors.translate(e, r.destinationBucket(), r.destinationKey());
    }
    try {
      List<CompletedPart> parts = new ArrayList<>();
      int partNumber = 1;
      for (long first = 0; first < size; first += partSize, partNumber++) {
        if (cancel != null && cancel.isCancelled()) {
          throw new OperationCancelledException("The copy was cancelled; nothing was written.");
        }
        String range = "bytes=" + first + "-" + (Math.min(size, first + partSize) - 1);
        int number = partNumber;
        var response = s3().uploadPartCopy(b -> b.sourceBucket(r.bucket()).sourceKey(r.key())
            .copySourceIfMatch(source.eTag()).copySourceRange(range)
            .destinationBucket(r.destinationBucket()).destinationKey(r.destinationKey())
            .uploadId(uploadId).partNumber(number).overrideConfiguration(transferTimeout));
        parts.add(CompletedPart.builder().partNumber(number).eTag(response.copyPartResult().eTag()).build());
      }
      var done = s3().completeMultipartUpload(b -> {
        b.bucket(r.destinationBucket()).key(r.destinationKey()).uploadId(uploadId)
            .multipartUpload(m -> m.parts(parts)).overrideConfiguration(transferTimeout);
        if (!r.overwrite()) {
          b.ifNoneMatch("*");
        }
      });
      return new UploadResult(r.destinationBucket(), r.destinationKey(), size, unquote(done.eTag()), done.versionId());
    } catch (RuntimeException e) {
      boolean interrupted = Thread.interrupted();
      try {
        s3().abortMultipartUpload(b -> b.bucket(r.destinationBucket()).key(r.destinationKey()).uploadId(uploadId));
      } catch (SdkException abortFailed) {
        LOG.warn("The multipart copy to '{}' in bucket '{}' could not be aborted ({}).", r.destinationKey(),
            r.destinationBucket(), abortFailed.getClass().getSimpleName());
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      if (e instanceof SdkException) {
        throw ObjectErrors.translate((SdkException) e, r.destinationBucket(), r.destinationKey());
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * Copy to another set by streaming: GET here, upload there. {@code cancel} (may be null) is checked on
   * every read of the source, which makes the upload fail and abort.
   */
  CopyResult copyAcross(CopyRequest r, ObjectOperations destination, Cancellation cancel) {
    if (sameService(destination) && r.bucket().equals(r.destinationBucket()) && r.key().equals(r.destinationKey())) {
      // Two sets of one account would copy the object onto itself, and a move would then delete it.
      throw new ValidationException("destinationKey", "The destination may be the source itself.");
    }
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = s3().getObject(b -> b.bucket(r.bucket()).key(r.key()));
    } catch (SdkException e) {
      throw ObjectErrors.translate(e, r.bucket(), r.key());
    }
    SourceStream source = new SourceStream(in, cancel);
    UploadResult written;
    try {
      GetObjectResponse meta = in.response();
      UploadRequest up = UploadRequest.of(b -> b.bucket(r.destinationBucket()).key(r.destinationKey())
          .contentType(meta.contentType()).metadata(meta.metadata()).failIfExists(!r.overwrite()));
      written = destination instanceof DefaultObjectOperations
          ? ((DefaultObjectOperations) destination).upload(up, source, cancel) : destination.upload(up, source);
    } catch (ValidationException | OperationCancelledException e) {
      if (source.cancelled || e instanceof OperationCancelledException) {
        throw new OperationCancelledException("The copy was cancelled; nothing was written.");
      }
      if (source.failure != null) {
        throw new S3UnreachableException("Reading '" + r.key() + "' from the source failed mid-way; nothing was written.",
            source.failure);
      }
      throw e;
    } finally {
      if (!source.ended) {
        in.abort();
      }
      try {
        in.close();
      } catch (IOException | RuntimeException ignored) {
        LOG.debug("Closing a source stream failed", ignored);
      }
    }
    return finishMove(r, written);
  }

  /** The source body of a streamed copy: stops on cancellation, remembers why it failed. */
  private static final class SourceStream extends FilterInputStream {
    private final Cancellation cancel;
    volatile boolean cancelled;
    volatile boolean ended;
    volatile Exception failure;

    SourceStream(InputStream in, Cancellation cancel) {
      super(in);
      this.cancel = cancel;
    }

    private void check() throws IOException {
      if (cancel != null && cancel.isCancelled()) {
        cancelled = true;
        throw new IOException("cancelled");
      }
    }

    @Override
    public int read() throws IOException {
      check();
      try {
        int b = super.read();
        ended |= b < 0;
        return b;
      } catch (IOException | RuntimeException e) {
        failure = e;
        throw e instanceof IOException ? (IOException) e : new IOException(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      check();
      try {
        int n = super.read(b, off, len);
        ended |= n < 0;
        return n;
      } catch (IOException | RuntimeException e) {
        failure = e;
        throw e instanceof IOException ? (IOException) e : new IOException(e);
      }
    }
  }

  private CopyResult finishMove(CopyRequest r, UploadResult written) {
    if (!r.move()) {
      return new CopyResult(written, CopyResult.SourceOutcome.KEPT, null);
    }
    try {
      delete(r.bucket(), r.key());
      return new CopyResult(written, CopyResult.SourceOutcome.DELETED, null);
    } catch (S3PanelException e) {
      LOG.info("A move copied '{}' but could not delete its source: {}", r.key(), e.getMessage());
      return new CopyResult(written, CopyResult.SourceOutcome.KEPT_DELETE_FAILED, new KeyFailure(r.key(), e.code(),
          "Copied to '" + r.destinationKey() + "', but the source could not be deleted and was kept: " + e.getMessage()));
    }
  }

  private static io.s3panel.core.ConflictException conflict(CopyRequest r) {
    return new io.s3panel.core.ConflictException("An object already exists at '" + r.destinationKey()
        + "' in bucket '" + r.destinationBucket() + "'.");
  }

  HeadObjectResponse head(String bucket, String key) {
    try {
      return s3().headObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw ObjectErrors.translate(e, bucket, key);
    }
  }

  boolean exists(String bucket, String key) {
    try {
      s3().headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404 && !isCode(e, "NoSuchBucket")) {
        return false;
      }
      throw ObjectErrors.translate(e, bucket, key);
    } catch (SdkException e) {
      throw ObjectErrors.translate(e, bucket, key);
    }
  }

  // ---------------------------------------------------------------- folders

  @Override
  public String createFolder(String bucket, String prefix) {
    Names.requireBucket(bucket);
    ValidationException.Collector errors = new ValidationException.Collector();
    Names.checkKeyLike(errors, "prefix", prefix, false);
    errors.check(prefix != null && !prefix.isEmpty() && !prefix.endsWith("/"), "prefix", "A folder prefix must end with '/'.");
    errors.throwIfAny();
    try {
      s3().putObject(b -> b.bucket(bucket).key(prefix).contentLength(0L), RequestBody.empty());
    } catch (SdkException e) {
      throw ObjectErrors.translate(e, bucket, prefix);
    }
    return prefix;
  }

  // ---------------------------------------------------------------- batch

  @Override
  public BatchResult runBatch(BatchRequest request, BatchOptions options) {
    return new BatchRun(this, request, options).run();
  }

  // ---------------------------------------------------------------- search

  @Override
  public SearchPage search(SearchRequest request) {
    String startAfter = decodeContinuation(request.continuation(), request.prefix());
    String needle = fold(request.query());
    boolean needleAscii = isAscii(needle);
    long deadline = System.nanoTime() + request.timeBudget().toNanos();
    List<ObjectSummary> hits = new ArrayList<>();
    long scanned = 0;
    String last = startAfter;
    String token = null;
    while (true) {
      String continuation = token;
      String after = startAfter;
      ListObjectsV2Response page;
      try {
        page = s3().listObjectsV2(b -> {
          b.bucket(request.bucket()).prefix(request.prefix()).maxKeys(1000);
          if (continuation != null) {
            b.continuationToken(continuation);
          } else if (!after.isEmpty()) {
            b.startAfter(after);
          }
        });
      } catch (SdkException e) {
        throw ObjectErrors.translate(e, request.bucket(), null);
      }
      List<S3Object> contents = page.contents();
      boolean truncated = Boolean.TRUE.equals(page.isTruncated());
      for (int i = 0; i < contents.size(); i++) {
        S3Object o = contents.get(i);
        scanned++;
        last = o.key();
        if (containsFolded(o.key(), needle, needleAscii)) {
          hits.add(new ObjectSummary(o.key(), o.size() == null ? 0 : o.size(), o.lastModified(), unquote(o.eTag()),
              o.storageClassAsString()));
          if (hits.size() == request.maxResults()) {
            boolean atEnd = !truncated && i == contents.size() - 1;
            return new SearchPage(hits, atEnd ? "" : encodeContinuation(last), scanned);
          }
        }
      }
      if (!truncated) {
        return new SearchPage(hits, "", scanned);
      }
      token = page.nextContinuationToken();
      if (System.nanoTime() - deadline >= 0 || token == null) {
        return new SearchPage(hits, encodeContinuation(last), scanned);
      }
    }
  }

  static String fold(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  /**
   * {@code fold(key).contains(needle)} for a folded {@code needle}, without normalising or copying a key
   * that is all ASCII (most keys): such a key is already in NFC and folds to its ASCII lower case, so it
   * contains the needle exactly when an ASCII case-insensitive search finds it (never when the needle is
   * not ASCII).
   */
  static boolean containsFolded(String key, String needle, boolean needleAscii) {
    if (!isAscii(key)) {
      return fold(key).contains(needle);
    }
    if (!needleAscii) {
      return false;
    }
    int n = needle.length();
    int last = key.length() - n;
    outer:
    for (int i = 0; i <= last; i++) {
      for (int j = 0; j < n; j++) {
        char c = key.charAt(i + j);
        if (c >= 'A' && c <= 'Z') {
          c = (char) (c + ('a' - 'A'));
        }
        if (c != needle.charAt(j)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  static String encodeContinuation(String lastKey) {
    return "k" + Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeContinuation(String token, String prefix) {
    if (token.isEmpty()) {
      return "";
    }
    String key;
    try {
      if (token.charAt(0) != 'k') {
        throw new IllegalArgumentException("unknown form");
      }
      byte[] raw = Base64.getUrlDecoder().decode(token.substring(1));
      key = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(raw)).toString();
    } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
      throw new ValidationException("continuation", "The continuation is not one this server gave.");
    }
    if (!key.isEmpty() && !key.startsWith(prefix)) {
      throw new ValidationException("continuation", "The continuation belongs to another prefix.");
    }
    return key;
  }

  static String unquote(String etag) {
    if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
      return etag.substring(1, etag.length() - 1);
    }
    return etag;
  }

  @Override
  public String toString() {
    return "ObjectOperations{" + connection + ", " + settings + '}';
  }
}
