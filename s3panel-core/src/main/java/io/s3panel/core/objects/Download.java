package io.s3panel.core.objects;

import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * An object being downloaded: its headers, and its bytes as a stream read straight from S3's answer
 * (nothing is buffered whole). The caller must {@link #close()} it; closing before the end aborts the
 * connection instead of draining the rest. Not thread-safe.
 *
 * <p>When the request's {@code If-None-Match} matched, {@link #notModified()} is true, the body is empty
 * and only {@link #etag()} is known.
 *
 * <pre>{@code
 * try (Download d = objects.download(b -> b.bucket("docs").key("a.pdf").range(ByteRange.of(0, 1023)))) {
 *   d.body().transferTo(out);
 * }
 * }</pre>
 */
public interface Download extends AutoCloseable {
  /** The object's bytes (the range's, for a range); empty when {@link #notModified()}. */
  InputStream body();

  /** True when S3 answered 304: the caller's copy (its ETag) is current. */
  boolean notModified();

  /** True when only a range is served (HTTP 206). */
  boolean partial();

  /** Bytes in {@link #body()}; -1 when not modified. */
  long contentLength();

  /** The object's whole size, when S3 said it (always for a whole object; from {@code Content-Range} for a range); -1 otherwise. */
  long objectSize();

  /** The content type S3 stored, if any. */
  Optional<String> contentType();

  /** The entity tag as S3 sent it, quotes included (ready for an HTTP {@code ETag} header), if any. */
  Optional<String> etag();

  /** The last modification time, if S3 said it. */
  Optional<Instant> lastModified();

  /** S3's {@code Content-Range} for a range, e.g. {@code bytes 0-99/1234}; empty for a whole object. */
  Optional<String> contentRange();

  /** The version id, if the bucket is versioned. */
  Optional<String> versionId();

  /** Releases the connection (aborting it if the body was not read to its end); idempotent. */
  @Override
  void close();
}
