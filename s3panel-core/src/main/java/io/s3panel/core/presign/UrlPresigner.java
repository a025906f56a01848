package io.s3panel.core.presign;

/**
 * Presigns GET and PUT URLs with SigV4 for one credential set, against its own endpoint (AWS
 * virtual-hosted style, or the S3-compatible endpoint path-style when configured). Presigning is local:
 * it makes no network call and does not check that the object exists. Thread-safe.
 *
 * <pre>{@code
 * PresignedUrl link = presigner.presign(PresignRequest.of(b -> b.bucket("docs").key("report.pdf")));
 * }</pre>
 */
public interface UrlPresigner {
  /** Presigns {@code request}. */
  PresignedUrl presign(PresignRequest request);
}
