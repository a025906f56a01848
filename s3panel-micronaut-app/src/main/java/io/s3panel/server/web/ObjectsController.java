package io.s3panel.server.web;

import io.micronaut.buffer.netty.NettyByteBufferFactory;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.micronaut.http.body.ByteBodyFactory;
import io.micronaut.http.body.CloseableByteBody;
import io.micronaut.http.body.stream.BodySizeLimits;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.ValidationException;
import io.s3panel.core.navigate.Names;
import io.s3panel.core.objects.ByteRange;
import io.s3panel.core.objects.CopyRequest;
import io.s3panel.core.objects.CopyResult;
import io.s3panel.core.objects.Download;
import io.s3panel.core.objects.DownloadRequest;
import io.s3panel.core.objects.SearchRequest;
import io.s3panel.core.objects.UploadRequest;
import io.s3panel.core.objects.UploadResult;
import io.s3panel.server.config.TransferConfig;
import jakarta.inject.Named;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executor;

/**
 * Changes objects and buckets of one of the caller's sets: streamed upload and download, delete, copy and
 * move, folders, key search, bucket create and delete. Every call translates HTTP to
 * {@link S3Account#objects()} or {@link S3Account#buckets()} and back.
 */
@Controller("/api/buckets")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class ObjectsController {
  /** Bytes a download hands to Netty at once, and how many of them may wait read ahead (1.25 MiB a download). */
  static final int DOWNLOAD_CHUNK = 256 * 1024;
  static final int DOWNLOAD_CHUNKS_AHEAD = 4;
  private static final ByteBodyFactory BODIES = ByteBodyFactory.createDefault(NettyByteBufferFactory.DEFAULT);

  private final S3Panel panel;
  private final long maxUploadSize;
  private final Executor blocking;
  private final int maxChunkSize;

  ObjectsController(S3Panel panel, TransferConfig transfers, @Named(TaskExecutors.BLOCKING) Executor blocking,
      NettyHttpServerConfiguration netty) {
    this.panel = panel;
    this.maxChunkSize = netty.getMaxChunkSize();
    this.maxUploadSize = transfers.maxUploadSize();
    this.blocking = blocking;
  }

  /** Streams the request body to S3; the server's 1 MB body limit does not apply here, the upload maximum does. */
  @Put(value = "/{bucket}/objects/{keyB64}", consumes = MediaType.ALL)
  HttpResponse<Views.UploadView> upload(Authentication auth, String bucket, String keyB64,
      @Nullable @QueryValue("aws_cred") String cred,
      @Nullable @Header(HttpHeaders.CONTENT_TYPE) String contentType,
      @Nullable @Header(HttpHeaders.CONTENT_LENGTH) String contentLength,
      @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
      HttpRequest<?> http) {
    Names.requireBucket(bucket);
    String key = ObjectKeys.decode(keyB64);
    UploadRequest request = UploadRequest.of(b -> b.bucket(bucket).key(key).contentType(contentType)
        .ifNoneMatch(ifNoneMatch));
    long declared = declaredLength(contentLength);
    if (declared > maxUploadSize) {
      throw ApiException.payloadTooLarge(maxUploadSize);
    }
    S3Account account = account(auth, cred);
    CappedStream capped = new CappedStream(body(http), maxUploadSize);
    UploadResult result;
    try {
      result = account.objects().upload(request, capped);
    } catch (ValidationException e) {
      if (capped.exceeded) {
        throw ApiException.payloadTooLarge(maxUploadSize);
      }
      throw e;
    } finally {
      closeQuietly(capped);
    }
    return HttpResponse.created(Views.UploadView.of(result));
  }

  /** The object's bytes, streamed, always as an attachment that a browser will not render. */
  @Get(value = "/{bucket}/objects/{keyB64}/content", produces = MediaType.ALL)
  HttpResponse<?> content(Authentication auth, String bucket, String keyB64,
      @Nullable @QueryValue("aws_cred") String cred,
      @Nullable @Header(HttpHeaders.RANGE) String range,
      @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, HttpRequest<?> httpRequest) {
    Names.requireBucket(bucket);
    String key = ObjectKeys.decode(keyB64);
    DownloadRequest request = DownloadRequest.of(b -> b.bucket(bucket).key(key)
        .range(ByteRange.parse(range).orElse(null)).ifNoneMatch(ifNoneMatch));
    Download d = account(auth, cred).objects().download(request);
    if (d.notModified()) {
      d.close();
      MutableHttpResponse<?> r = HttpResponse.notModified();
      d.etag().ifPresent(e -> r.header(HttpHeaders.ETAG, e));
      return Downloads.protect(r, key);
    }
    MutableHttpResponse<CloseableByteBody> r = HttpResponse.status(d.partial() ? HttpStatus.PARTIAL_CONTENT : HttpStatus.OK);
    r.contentType(Downloads.mediaType(d.contentType().orElse(null)));
    if (d.contentLength() >= 0) {
      r.contentLength(d.contentLength());
    }
    if (httpRequest.getMethod() == HttpMethod.HEAD) {
      d.close(); // no body will be written: give the S3 connection back now
    } else {
      ReadAheadBody bytes = new ReadAheadBody(d.body(), d::close, blocking, DOWNLOAD_CHUNK, DOWNLOAD_CHUNKS_AHEAD);
      r.body(BODIES.adapt(bytes, BodySizeLimits.UNLIMITED, r.getHeaders(), bytes::discard));
    }
    r.header(HttpHeaders.ACCEPT_RANGES, "bytes");
    d.etag().ifPresent(e -> r.header(HttpHeaders.ETAG, e));
    d.lastModified().ifPresent(i -> r.header(HttpHeaders.LAST_MODIFIED,
        DateTimeFormatter.RFC_1123_DATE_TIME.format(i.atOffset(ZoneOffset.UTC))));
    d.contentRange().ifPresent(c -> r.header(HttpHeaders.CONTENT_RANGE, c));
    return Downloads.protect(r, key);
  }

  /** Deletes one object; deleting a missing key succeeds, as in S3. */
  @Delete("/{bucket}/objects/{keyB64}")
  HttpResponse<Void> delete(Authentication auth, String bucket, String keyB64,
      @Nullable @QueryValue("aws_cred") String cred) {
    Names.requireBucket(bucket);
    String key = ObjectKeys.decode(keyB64);
    account(auth, cred).objects().delete(bucket, key);
    return HttpResponse.noContent();
  }

  /** Server-side copy or move within the set. */
  @Post("/{bucket}/objects/{keyB64}/copy")
  HttpResponse<Views.CopyView> copy(Authentication auth, String bucket, String keyB64,
      @Nullable @QueryValue("aws_cred") String cred, @Nullable @Body JsonNode body) {
    Names.requireBucket(bucket);
    String key = ObjectKeys.decode(keyB64);
    JsonFields f = JsonFields.of(body);
    String destinationBucket = f.optionalString("destination_bucket");
    String destinationKey = f.requiredString("destination_key");
    Boolean move = f.optionalBoolean("move");
    Boolean overwrite = f.optionalBoolean("overwrite");
    CopyRequest request = f.build(WireNames.COPY, () -> CopyRequest.of(b -> b.bucket(bucket).key(key)
        .destinationBucket(destinationBucket).destinationKey(destinationKey)
        .move(move != null && move).overwrite(overwrite == null || overwrite)));
    f.finish();
    CopyResult result = WireNames.call(WireNames.COPY, () -> account(auth, cred).objects().copy(request));
    return HttpResponse.created(Views.CopyView.of(result));
  }

  /** Creates the zero-byte marker of a folder. */
  @Post("/{bucket}/folders")
  HttpResponse<Views.FolderView> createFolder(Authentication auth, String bucket,
      @Nullable @QueryValue("aws_cred") String cred, @Nullable @Body JsonNode body) {
    Names.requireBucket(bucket);
    JsonFields f = JsonFields.of(body);
    String prefix = f.requiredString("prefix");
    f.finish();
    return HttpResponse.created(new Views.FolderView(account(auth, cred).objects().createFolder(bucket, prefix)));
  }

  /** One time-bounded step of a case-insensitive key search under a prefix. */
  @Get("/{bucket}/search")
  Views.SearchView search(Authentication auth, String bucket,
      @Nullable @QueryValue("aws_cred") String cred,
      @Nullable @QueryValue("q") String q,
      @Nullable @QueryValue("prefix") String prefix,
      @Nullable @QueryValue("max_results") String maxResults,
      @Nullable @QueryValue("continuation") String continuation) {
    Names.requireBucket(bucket);
    Integer max = Requests.intParam("max_results", maxResults, 1, SearchRequest.MAX_MAX_RESULTS);
    SearchRequest request = WireNames.call(WireNames.SEARCH, () -> SearchRequest.of(b -> b.bucket(bucket).query(q)
        .prefix(prefix).maxResults(max == null ? SearchRequest.DEFAULT_MAX_RESULTS : max).continuation(continuation)));
    return Views.SearchView.of(account(auth, cred).objects().search(request));
  }

  /** Creates a bucket. */
  @Post
  HttpResponse<Views.NewBucketView> createBucket(Authentication auth,
      @Nullable @QueryValue("aws_cred") String cred, @Nullable @Body JsonNode body) {
    JsonFields f = JsonFields.of(body);
    String name = f.requiredString("bucket_name");
    String region = f.optionalString("region");
    f.finish();
    WireNames.call(WireNames.NEW_BUCKET, () -> {
      account(auth, cred).buckets().create(name, region);
      return null;
    });
    return HttpResponse.created(new Views.NewBucketView(name, region));
  }

  /** Deletes an empty bucket. */
  @Delete("/{bucket}")
  HttpResponse<Void> deleteBucket(Authentication auth, String bucket, @Nullable @QueryValue("aws_cred") String cred) {
    Names.requireBucket(bucket);
    account(auth, cred).buckets().delete(bucket);
    return HttpResponse.noContent();
  }

  private S3Account account(Authentication auth, String cred) {
    return panel.account(Requests.owner(auth), cred);
  }

  private static long declaredLength(String header) {
    if (header == null || header.isBlank()) {
      return -1;
    }
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      throw new ValidationException("Content-Length", "Content-Length must be a number of bytes.");
    }
  }

  /** The request's body, read in batches (see {@link RequestBodyStream}). */
  private InputStream body(HttpRequest<?> http) {
    if (!(http instanceof ServerHttpRequest<?> server)) {
      throw new IllegalStateException("not a server request: " + http.getClass().getName());
    }
    ByteBody bytes = server.byteBody();
    if (bytes.expectedLength().orElse(-1) == 0) {
      return new ByteArrayInputStream(new byte[0]);
    }
    try {
      return RequestBodyStream.of(bytes.toReadBufferPublisher(), maxChunkSize);
    } catch (ContentLengthExceededException e) {
      throw ApiException.payloadTooLarge(maxUploadSize);
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // The request's body: nothing more to release.
    }
  }

  /** The request body, failing once more than {@code max} bytes have come. */
  private static final class CappedStream extends FilterInputStream {
    private final long max;
    private long count;
    private boolean exceeded;

    CappedStream(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = super.read(b, off, len);
      } catch (IOException | RuntimeException e) {
        // The server's own streaming limit (set to the same maximum) may notice first.
        for (Throwable t = e; t != null; t = t.getCause()) {
          if (t instanceof ContentLengthExceededException) {
            exceeded = true;
          }
        }
        throw e;
      }
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(long n) throws IOException {
      count += n;
      if (count > max) {
        exceeded = true;
        throw new IOException("upload larger than the maximum");
      }
    }
  }
}
