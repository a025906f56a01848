package io.s3panel.core.internal;

import io.s3panel.core.objects.Download;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** {@link Download} over S3's streamed answer; a 304 has no stream. */
final class S3Download implements Download {
  private static final Logger LOG = LoggerFactory.getLogger(S3Download.class);

  private final ResponseInputStream<GetObjectResponse> in;
  private final GetObjectResponse response;
  private final InputStream body;
  private final String etag;
  private volatile boolean ended;
  private boolean closed;

  S3Download(ResponseInputStream<GetObjectResponse> in) {
    this.in = in;
    this.response = in.response();
    this.etag = response.eTag();
    this.body = new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        ended |= b < 0;
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        ended |= n < 0;
        return n;
      }

      @Override
      public void close() {
        S3Download.this.close();
      }
    };
  }

  private S3Download(String etag) {
    this.in = null;
    this.response = null;
    this.body = InputStream.nullInputStream();
    this.etag = etag;
  }

  static S3Download notModified(String etag) {
    return new S3Download(etag);
  }

  @Override
  public InputStream body() {
    return body;
  }

  @Override
  public boolean notModified() {
    return in == null;
  }

  @Override
  public boolean partial() {
    return response != null && response.contentRange() != null;
  }

  @Override
  public long contentLength() {
    return response == null || response.contentLength() == null ? -1 : response.contentLength();
  }

  @Override
  public long objectSize() {
    if (response == null) {
      return -1;
    }
    String range = response.contentRange();
    if (range == null) {
      return contentLength();
    }
    int slash = range.lastIndexOf('/');
    try {
      return slash < 0 ? -1 : Long.parseLong(range.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public Optional<String> contentType() {
    return Optional.ofNullable(response == null ? null : response.contentType());
  }

  @Override
  public Optional<String> etag() {
    return Optional.ofNullable(etag);
  }

  @Override
  public Optional<Instant> lastModified() {
    return Optional.ofNullable(response == null ? null : response.lastModified());
  }

  @Override
  public Optional<String> contentRange() {
    return Optional.ofNullable(response == null ? null : response.contentRange());
  }

  @Override
  public Optional<String> versionId() {
    return Optional.ofNullable(response == null ? null : response.versionId());
  }

  @Override
  public synchronized void close() {
    if (closed || in == null) {
      return;
    }
    closed = true;
    if (!ended) {
      in.abort(); // do not drain gigabytes nobody will read
    }
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("Closing a download failed", e);
    }
  }

  @Override
  public String toString() {
    return "Download{" + (notModified() ? "not modified" : contentLength() + " bytes") + '}';
  }
}
