package io.s3panel.core.objects;

import io.s3panel.core.AccessDeniedException;
import io.s3panel.core.ConflictException;
import io.s3panel.core.NoSuchBucketException;
import io.s3panel.core.NoSuchKeyException;
import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.RangeNotSatisfiableException;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.ValidationException;
import java.io.InputStream;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * Changes what is in the buckets of one credential set: upload, download, delete, copy, move, folders,
 * batches and search. Obtained from {@link io.s3panel.core.S3Account#objects()}. Thread-safe.
 *
 * <p>Every method makes real S3 calls and may throw {@link ValidationException} (bad bucket name, a key
 * that is not 1 to 1024 bytes of UTF-8), {@link AccessDeniedException}, {@link NoSuchBucketException},
 * {@link NoSuchKeyException}, or an {@link S3PanelException} with code {@code aws_invalid_credentials},
 * {@code aws_unreachable} or {@code aws_timeout}.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Uploads stream: at most {@code (partsInFlight + 1) × partSize} bytes of the body are held at once
 *       ({@link TransferSettings}). A failed upload leaves nothing: whatever failed (the body's stream, S3,
 *       a conflict, an interrupt, a cancelled batch) the multipart upload is aborted once its running parts
 *       have ended (waiting at most half a second; a part that outlives that wait aborts the upload again
 *       when it ends), so neither an object nor orphan parts remain.</li>
 *   <li>Downloads stream straight from S3's answer; nothing is buffered whole.</li>
 *   <li>A move deletes its source only after the copy succeeded; if that delete fails the source is kept
 *       and the result says so ({@link CopyResult.SourceOutcome#KEPT_DELETE_FAILED}).</li>
 *   <li>A copy to another credential set streams the bytes through this process with the upload's memory
 *       bound.</li>
 * </ul>
 *
 * <pre>{@code
 * ObjectOperations objects = account.objects();
 * UploadResult up = objects.upload(b -> b.bucket("docs").key("report.pdf").contentType("application/pdf"), in);
 * try (Download d = objects.download(b -> b.bucket("docs").key("report.pdf"))) {
 *   d.body().transferTo(out);
 * }
 * objects.copy(b -> b.bucket("docs").key("report.pdf").destinationKey("archive/report.pdf").move(true));
 * }</pre>
 */
public interface ObjectOperations {
  /**
   * Uploads {@code body}, read to its end (not closed: the caller owns it), of any length up to
   * {@code partSize × 10,000} bytes. A body shorter than or exactly {@link TransferSettings#partSize()} is
   * sent with one PutObject; a longer one as a multipart upload with up to
   * {@link TransferSettings#partsInFlight()} parts sent at once. With {@link UploadRequest#failIfExists()}
   * the final write is conditional ({@code If-None-Match: *}), so of two racing uploads at most one wins;
   * an existing key is also checked before a multipart upload starts, so a taken key fails early.
   *
   * @throws ConflictException if {@link UploadRequest#failIfExists()} and the key exists
   * @throws ValidationException on field {@code body} if the body's stream failed or holds more than
   *     {@code partSize × 10,000} bytes (nothing was stored)
   * @throws OperationCancelledException if the thread was interrupted (nothing was stored)
   */
  UploadResult upload(UploadRequest request, InputStream body);

  /** Shorthand for {@link #upload(UploadRequest, InputStream)} with {@code UploadRequest.of(request)}. */
  default UploadResult upload(Consumer<UploadRequest.Builder> request, InputStream body) {
    return upload(UploadRequest.of(request), body);
  }

  /**
   * Starts a download; the caller reads and closes the returned {@link Download}. With an
   * {@code If-None-Match} that matches, the result is {@link Download#notModified()}.
   *
   * @throws NoSuchKeyException if the object does not exist
   * @throws RangeNotSatisfiableException if the range lies outside the object (or the object is empty)
   */
  Download download(DownloadRequest request);

  /** Shorthand for {@link #download(DownloadRequest)} with {@code DownloadRequest.of(request)}. */
  default Download download(Consumer<DownloadRequest.Builder> request) {
    return download(DownloadRequest.of(request));
  }

  /** Deletes one object; idempotent, as S3: deleting a missing key succeeds. */
  void delete(String bucket, String key);

  /**
   * Deletes many objects with DeleteObjects, 1,000 keys a call, and reports each key's outcome.
   * Duplicates are dropped. A failure of a whole call (after retries) is thrown; keys of earlier calls
   * stay deleted.
   *
   * @throws ValidationException if a key is not valid (nothing is deleted)
   */
  DeleteResult deleteAll(String bucket, Collection<String> keys);

  /**
   * Copies (or moves) one object within this credential set, server-side: CopyObject up to
   * {@link TransferSettings#multipartCopyThreshold()}, UploadPartCopy above it (aborted on any failure,
   * like an upload). User metadata and content type are kept. A move deletes the source only after the
   * copy succeeded; if that delete fails, the source is kept and the result says so.
   *
   * @throws ConflictException if {@code overwrite} is false and the destination exists (checked just before
   *     copying, and for a multipart copy again by a conditional completion; a writer racing with a single
   *     CopyObject in that instant can still be overwritten)
   * @throws ValidationException on {@code destinationKey} if the destination is the source itself
   * @throws NoSuchKeyException if the source does not exist
   */
  CopyResult copy(CopyRequest request);

  /** Shorthand for {@link #copy(CopyRequest)} with {@code CopyRequest.of(request)}. */
  default CopyResult copy(Consumer<CopyRequest.Builder> request) {
    return copy(CopyRequest.of(request));
  }

  /**
   * Copies (or moves) one object to {@code destination}, which may belong to another credential set or
   * another S3-compatible service. When it is the same set (same connection), this is
   * {@link #copy(CopyRequest)}; otherwise the bytes are downloaded and uploaded as a stream through the
   * upload path (same memory bound, same abort guarantee; content type and user metadata kept). With
   * {@code overwrite} false the destination's write is conditional, as {@link UploadRequest#failIfExists()}.
   * A destination on the same endpoint and region with the same bucket and key is refused: two sets of one
   * account would copy the object onto itself (and a move would then delete it).
   *
   * @throws ConflictException if {@code overwrite} is false and the destination exists
   */
  CopyResult copy(CopyRequest request, ObjectOperations destination);

  /**
   * Creates the zero-byte folder marker {@code prefix} (which must end with {@code /}); an existing marker
   * is replaced by an identical one. Returns the prefix.
   *
   * @throws ValidationException on {@code prefix} if it does not end with {@code /} or is not a valid key
   */
  String createFolder(String bucket, String prefix);

  /**
   * Runs a batch on the calling thread and returns when it has ended. Deletes go by DeleteObjects,
   * 1,000 keys a call; copies and moves one object at a time (server-side within one set, streamed to
   * another set). Prefixes are listed lazily, a page of 1,000 at a time, so memory does not grow with
   * the number of objects.
   *
   * <p>Failures of single objects (access denied, object gone, destination taken) are counted, named in
   * the result up to {@link BatchOptions#maxListedFailures()}, and the batch goes on. A failure concerning
   * every object (S3 unreachable or timing out, keys rejected, bucket missing) ends it early with
   * {@link BatchResult.Outcome#STOPPED}; the keys of a DeleteObjects call that failed as a whole are all
   * counted failed (they may or may not be deleted; none is reported deleted). An object is counted done
   * only once S3 confirmed it: nothing is reported deleted that S3 did not report deleted.
   *
   * <p>Cancellation: the flag is checked before every S3 call that writes (and between the parts of a
   * streamed copy, whose unfinished multipart upload is then aborted); once it is set no new write
   * starts, and the batch returns within the time of the call already running (one DeleteObjects, one
   * CopyObject, or one part) with {@link BatchResult.Outcome#CANCELLED} and the totals of what was done.
   *
   * @throws ValidationException if a copy or move's destination prefix lies inside one of its source prefixes
   *     in the same bucket of the same set (the batch would list its own output)
   */
  BatchResult runBatch(BatchRequest request, BatchOptions options);

  /**
   * Searches keys under a prefix for a case-insensitive substring (Unicode, compared in NFC). Walks
   * listing pages in key order until {@code maxResults} hits are found, the time budget is spent (checked
   * after each page) or the prefix is exhausted; the continuation resumes right after the last key
   * examined, so walking to the end visits every key once.
   *
   * @throws ValidationException on {@code continuation} if it is not one this method returned
   */
  SearchPage search(SearchRequest request);

  /** Shorthand for {@link #search(SearchRequest)} with {@code SearchRequest.of(request)}. */
  default SearchPage search(Consumer<SearchRequest.Builder> request) {
    return search(SearchRequest.of(request));
  }
}
