package io.s3panel.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.core.ConflictException;
import io.s3panel.core.ErrorCode;
import io.s3panel.core.RangeNotSatisfiableException;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.ValidationException;
import io.s3panel.core.connect.ConnectionCache;
import io.s3panel.core.connect.OwnedConnection;
import io.s3panel.core.navigate.ObjectSummary;
import io.s3panel.core.objects.BucketOperations;
import io.s3panel.core.objects.ByteRange;
import io.s3panel.core.objects.CopyRequest;
import io.s3panel.core.objects.CopyResult;
import io.s3panel.core.objects.DeleteResult;
import io.s3panel.core.objects.Download;
import io.s3panel.core.objects.ObjectOperations;
import io.s3panel.core.objects.SearchPage;
import io.s3panel.core.objects.TransferSettings;
import io.s3panel.core.objects.UploadRequest;
import io.s3panel.core.objects.UploadResult;
import io.s3panel.testing.FaultyS3;
import io.s3panel.core.testing.Panels;
import io.s3panel.testing.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class ObjectOperationsTest {
  static final int PART = (int) TransferSettings.MIN_PART_SIZE; // 5 MiB: S3's (and S3Proxy's) smallest part
  static final TransferSettings SMALL = TransferSettings.builder().partSize(PART).partsInFlight(2)
      .multipartCopyThreshold(6 * TransferSettings.MIB).copyPartSize(PART).build();

  static S3ProxyServer server;
  static S3ProxyServer other;
  static S3Panel panel;
  static S3Account account;
  static ObjectOperations objects;
  static ConnectionCache cache;
  static OwnedConnection connection;
  static ExecutorService pool;

  @BeforeAll
  static void start() {
    server = S3ProxyServer.start().bucket("data").bucket("spare");
    other = S3ProxyServer.start().bucket("elsewhere");
    panel = Panels.builder().transferSettings(SMALL).build();
    account = panel.open(Panels.credentials(server));
    objects = account.objects();
    cache = ConnectionCache.create(Panels.testSettings());
    connection = cache.open(Panels.credentials(server));
    pool = Executors.newFixedThreadPool(8);
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
    connection.close();
    cache.close();
    account.close();
    panel.close();
    other.close();
    server.close();
  }

  /**
   * A stream of deterministic pseudo-random bytes (each a function of the seed and its position, however the
   * stream is read) of a length the reader cannot know, served in odd-sized chunks; optionally failing at a position.
   */
  static final class Generated extends InputStream {
    private final long seed;
    private final long length;
    private final long failAt;
    private long position;

    Generated(long seed, long length, long failAt) {
      this.seed = seed;
      this.length = length;
      this.failAt = failAt;
    }

    Generated(long seed, long length) {
      this(seed, length, -1);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (failAt >= 0 && position >= failAt) {
        throw new IOException("connection reset by peer");
      }
      if (position >= length) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, 70_001), length - position);
      if (failAt >= 0) {
        n = (int) Math.min(n, failAt - position);
      }
      for (int i = 0; i < n; i++) {
        long p = position + i;
        long x = (seed * 0x9E3779B97F4A7C15L) ^ (p >>> 3) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 31)) * 0x94D049BB133111EBL;
        b[off + i] = (byte) (x >>> (8 * (p & 7)));
      }
      position += n;
      return n;
    }
  }

  static String sha256(InputStream in) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[64 * 1024];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      md.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static boolean exists(S3ProxyServer s, String bucket, String key) {
    try {
      s.admin().headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  static List<String> keysUnder(S3ProxyServer s, String bucket, String prefix) {
    return s.admin().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(software.amazon.awssdk.services.s3.model.S3Object::key).collect(Collectors.toList());
  }

  // ------------------------------------------------------------------ upload and download

  @ParameterizedTest
  @ValueSource(longs = {0, 1, PART, PART + 1, 2L * PART + 777})
  void upload_thenDownload_roundTripsEverySizeBoundary(long size) throws Exception {
    String key = "sizes/object-" + size;
    UploadResult up = objects.upload(b -> b.bucket("data").key(key).contentType("application/x-test")
        .metadata(Map.of("Origin", "test")), new Generated(size, size));
    assertThat(up.size()).isEqualTo(size);
    assertThat(up.key()).isEqualTo(key);
    int expectedParts = size <= PART ? 0 : (int) ((size + PART - 1) / PART);
    if (expectedParts == 0) {
      assertThat(up.etag()).doesNotContain("-");
    } else {
      assertThat(up.etag()).endsWith("-" + expectedParts);
    }
    HeadObjectResponse head = server.admin().headObject(b -> b.bucket("data").key(key));
    assertThat(head.contentLength()).isEqualTo(size);
    assertThat(head.contentType()).isEqualTo("application/x-test");
    assertThat(head.metadata()).containsEntry("origin", "test");
    try (Download d = objects.download(b -> b.bucket("data").key(key))) {
      assertThat(d.contentLength()).isEqualTo(size);
      assertThat(d.objectSize()).isEqualTo(size);
      assertThat(d.partial()).isFalse();
      assertThat(d.etag()).contains("\"" + up.etag() + "\"");
      assertThat(sha256(d.body())).isEqualTo(sha256(new Generated(size, size)));
    }
    assertThat(server.admin().listMultipartUploads(b -> b.bucket("data")).uploads()).isEmpty();
  }

  @Test
  void upload_partsInFlightStayBounded() {
    FaultyS3 faulty = FaultyS3.wrap(connection.s3()).delay("uploadPart", 100);
    ObjectOperations ops = new DefaultObjectOperations(Panels.faulty(connection, faulty), pool, SMALL.toBuilder().partsInFlight(2).build());
    long size = 4L * PART + 5;
    ops.upload(b -> b.bucket("data").key("bounded/five-parts"), new Generated(7, size));
    assertThat(faulty.calls("uploadPart")).isEqualTo(5);
    assertThat(faulty.maxConcurrent("uploadPart")).isBetween(2, 2);
  }

  @Test
  void upload_reusesItsPartBuffers_soMemoryDoesNotGrowWithTheSize() throws Exception {
    // Twelve parts with two in flight: a fresh buffer per part would allocate about 14 parts' worth on this
    // thread (the first buffer grows by doubling, ≈ 2.6 parts); reusing them allocates that first one and two
    // more (two in flight and the one being filled), ≈ 4.6 parts.
    ObjectOperations ops = new DefaultObjectOperations(connection, pool, SMALL.toBuilder().partsInFlight(2).build());
    long size = 12L * PART;
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    ops.upload(b -> b.bucket("data").key("reused/twelve-parts"), new Generated(11, size));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(allocated).isLessThan(5L * PART);
    try (Download d = ops.download(b -> b.bucket("data").key("reused/twelve-parts"))) {
      assertThat(sha256(d.body())).isEqualTo(sha256(new Generated(11, size)));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {100, PART + 100, 2L * PART + 100})
  void upload_bodyThrowsMidway_leavesNoObjectAndNoMultipartUpload(long failAt) {
    String key = "broken/at-" + failAt;
    assertThatThrownBy(() -> objects.upload(b -> b.bucket("data").key(key), new Generated(1, 4L * PART, failAt)))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("body"));
    assertThat(exists(server, "data", key)).isFalse();
    assertThat(server.admin().listMultipartUploads(b -> b.bucket("data")).uploads()).isEmpty();
  }

  @Test
  void upload_s3FailsOnAPart_abortsTheUpload() {
    FaultyS3 faulty = FaultyS3.wrap(connection.s3()).failAfter("uploadPart", 1, FaultyS3.internalError());
    ObjectOperations ops = new DefaultObjectOperations(Panels.faulty(connection, faulty), pool, SMALL);
    assertThatThrownBy(() -> ops.upload(b -> b.bucket("data").key("s3-broke"), new Generated(2, 3L * PART)))
        .isInstanceOfSatisfying(io.s3panel.core.S3PanelException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.AWS_UNREACHABLE));
    assertThat(faulty.calls("abortMultipartUpload")).isEqualTo(1);
    assertThat(exists(server, "data", "s3-broke")).isFalse();
    assertThat(server.admin().listMultipartUploads(b -> b.bucket("data")).uploads()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {3, PART + 3})
  void upload_failIfExists_existingKeyConflicts_newKeyIsWritten(long size) {
    String key = "conditional/" + size;
    objects.upload(b -> b.bucket("data").key(key).ifNoneMatch("*"), new Generated(3, size));
    assertThatThrownBy(() -> objects.upload(b -> b.bucket("data").key(key).failIfExists(true), new Generated(4, size)))
        .isInstanceOf(ConflictException.class);
    assertThat(server.admin().listMultipartUploads(b -> b.bucket("data")).uploads()).isEmpty();
    assertThat(server.admin().headObject(b -> b.bucket("data").key(key)).contentLength()).isEqualTo(size);
  }

  @Test
  void upload_ifNoneMatchOtherThanStar_isRefused() {
    assertThatThrownBy(() -> UploadRequest.of(b -> b.bucket("data").key("k").ifNoneMatch("\"abc\"")))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.fieldErrors()).containsKey("ifNoneMatch"));
  }

  @Test
  void download_ranges_firstBytesSuffixOpenAndUnsatisfiable() throws Exception {
    server.put("data", "ranges.txt", "0123456789");
    try (Download d = objects.download(b -> b.bucket("data").key("ranges.txt").range(ByteRange.of(0, 3)))) {
      assertThat(new String(d.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("0123");
      assertThat(d.partial()).isTrue();
      assertThat(d.contentLength()).isEqualTo(4);
      assertThat(d.contentRange()).contains("bytes 0-3/10");
      assertThat(d.objectSize()).isEqualTo(10);
    }
    try (Download d = objects.download(b -> b.bucket("data").key("ranges.txt").range(ByteRange.parse("bytes=-3").get()))) {
      assertThat(new String(d.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("789");
      assertThat(d.contentRange()).contains("bytes 7-9/10");
    }
    try (Download d = objects.download(b -> b.bucket("data").key("ranges.txt").range(ByteRange.from(8)))) {
      assertThat(new String(d.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("89");
    }
    assertThatThrownBy(() -> objects.download(b -> b.bucket("data").key("ranges.txt").range(ByteRange.of(100, 200))))
        .isInstanceOfSatisfying(RangeNotSatisfiableException.class, e -> {
          assertThat(e.objectSize()).isEqualTo(10);
          assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        });
  }

  @Test
  void byteRangeParse_acceptsOneRange_ignoresTheRest() {
    assertThat(ByteRange.parse("bytes=0-99")).contains(ByteRange.of(0, 99));
    assertThat(ByteRange.parse("bytes=5-")).contains(ByteRange.from(5));
    assertThat(ByteRange.parse("bytes=-20")).contains(ByteRange.suffix(20));
    assertThat(ByteRange.parse("bytes=0-1,5-6")).isEmpty();
    assertThat(ByteRange.parse("bytes=9-2")).isEmpty();
    assertThat(ByteRange.parse("items=0-1")).isEmpty();
    assertThat(ByteRange.parse("bytes=-")).isEmpty();
    assertThat(ByteRange.parse("bytes=99999999999999999999-")).isEmpty();
    assertThat(ByteRange.parse(null)).isEmpty();
  }

  @Test
  void download_ifNoneMatchWithTheEtag_isNotModified_otherEtagServesTheBody() throws Exception {
    server.put("data", "cached.txt", "hello");
    String etag;
    try (Download d = objects.download(b -> b.bucket("data").key("cached.txt"))) {
      etag = d.etag().orElseThrow();
    }
    try (Download d = objects.download(b -> b.bucket("data").key("cached.txt").ifNoneMatch(etag))) {
      assertThat(d.notModified()).isTrue();
      assertThat(d.body().read()).isEqualTo(-1);
      assertThat(d.etag()).isPresent();
    }
    try (Download d = objects.download(b -> b.bucket("data").key("cached.txt").ifNoneMatch("\"other\""))) {
      assertThat(d.notModified()).isFalse();
      assertThat(new String(d.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }
  }

  @Test
  void download_missingKey_isNoSuchKey_andClosingEarlyDoesNotDrain() throws Exception {
    assertThatThrownBy(() -> objects.download(b -> b.bucket("data").key("nope/none")))
        .isInstanceOf(io.s3panel.core.NoSuchKeyException.class);
    objects.upload(b -> b.bucket("data").key("big-to-abandon"), new Generated(9, 3L * PART));
    try (Download d = objects.download(b -> b.bucket("data").key("big-to-abandon"))) {
      assertThat(d.body().read(new byte[10])).isEqualTo(10);
    }
    // the account still works after an abandoned stream
    assertThat(objects.search(b -> b.bucket("data").query("big-to")).results()).hasSize(1);
  }

  // ------------------------------------------------------------------ delete

  @Test
  void delete_isIdempotent() {
    server.put("data", "gone-soon", "x");
    objects.delete("data", "gone-soon");
    objects.delete("data", "gone-soon");
    assertThat(exists(server, "data", "gone-soon")).isFalse();
  }

  @Test
  void deleteAll_2500Keys_takesAtMostThreeDeleteObjectsCalls_andReportsEachKey() {
    List<String> keys = IntStream.range(0, 2500).mapToObj(i -> "bulk/k-" + i).collect(Collectors.toList());
    server.putAll("data", keys);
    FaultyS3 counting = FaultyS3.wrap(connection.s3()).denyDeleteOf("bulk/k-7");
    DeleteResult r = new DefaultObjectOperations(Panels.faulty(connection, counting), pool, SMALL).deleteAll("data", keys);
    assertThat(counting.calls("deleteObjects")).isLessThanOrEqualTo(3);
    assertThat(r.deleted()).hasSize(2499).doesNotContain("bulk/k-7");
    assertThat(r.failed()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo("bulk/k-7");
      assertThat(f.code()).isEqualTo(ErrorCode.AWS_ACCESS_DENIED);
    });
    assertThat(keysUnder(server, "data", "bulk/")).containsExactly("bulk/k-7");
  }

  @Test
  void keyValidation_emptyAndOver1024Bytes_refused_1024BytesAccepted() {
    String max = "é".repeat(512); // 1024 bytes
    objects.upload(b -> b.bucket("data").key(max), new Generated(1, 1));
    assertThat(exists(server, "data", max)).isTrue();
    assertThatThrownBy(() -> objects.upload(b -> b.bucket("data").key(max + "a"), new Generated(1, 1)))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("key"));
    assertThatThrownBy(() -> objects.delete("data", ""))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> objects.deleteAll("data", List.of("ok", "")))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void awkwardKeys_spacesUnicodePlusPercentHashQuestion_roundTrip() throws Exception {
    List<String> keys = List.of("with space/a b.txt", "ünï/cödé 日本.txt", "plus+sign.txt", "per%25cent%.txt",
        "hash#tag.txt", "what?.txt", "mixed +%#? é/end");
    for (String key : keys) {
      objects.upload(b -> b.bucket("data").key("odd/" + key), new java.io.ByteArrayInputStream(key.getBytes(StandardCharsets.UTF_8)));
      try (Download d = objects.download(b -> b.bucket("data").key("odd/" + key))) {
        assertThat(new String(d.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(key);
      }
      objects.copy(b -> b.bucket("data").key("odd/" + key).destinationKey("odd-copy/" + key));
      assertThat(objects.search(b -> b.bucket("data").prefix("odd-copy/").query(key)).results())
          .extracting(ObjectSummary::key).contains("odd-copy/" + key);
    }
    assertThat(keysUnder(server, "data", "odd-copy/")).hasSize(keys.size());
    objects.deleteAll("data", keys.stream().map(k -> "odd-copy/" + k).toList());
    assertThat(keysUnder(server, "data", "odd-copy/")).isEmpty();
  }

  // ------------------------------------------------------------------ copy and move

  @Test
  void copy_keepsContentAndMetadata_overwriteFalseConflicts() throws Exception {
    server.admin().putObject(b -> b.bucket("data").key("copy/src.txt").contentType("text/plain")
        .metadata(Map.of("author", "ada")), RequestBody.fromString("copy me"));
    CopyResult r = objects.copy(b -> b.bucket("data").key("copy/src.txt").destinationBucket("spare").destinationKey("copy/dst.txt"));
    assertThat(r.source()).isEqualTo(CopyResult.SourceOutcome.KEPT);
    assertThat(r.destination().key()).isEqualTo("copy/dst.txt");
    assertThat(r.destination().size()).isEqualTo(7);
    HeadObjectResponse h = server.admin().headObject(b -> b.bucket("spare").key("copy/dst.txt"));
    assertThat(h.contentType()).isEqualTo("text/plain");
    assertThat(h.metadata()).containsEntry("author", "ada");
    assertThatThrownBy(() -> objects.copy(b -> b.bucket("data").key("copy/src.txt").destinationBucket("spare")
        .destinationKey("copy/dst.txt").overwrite(false))).isInstanceOf(ConflictException.class);
    assertThat(objects.copy(b -> b.bucket("data").key("copy/src.txt").destinationKey("copy/fresh.txt").overwrite(false))
        .destination().size()).isEqualTo(7);
    assertThat(exists(server, "data", "copy/fresh.txt")).isTrue();
    assertThatThrownBy(() -> objects.copy(b -> b.bucket("data").key("copy/src.txt").destinationKey("copy/src.txt")))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> objects.copy(b -> b.bucket("data").key("copy/none").destinationKey("copy/x")))
        .isInstanceOf(io.s3panel.core.NoSuchKeyException.class);
  }

  @Test
  void copy_aboveTheThreshold_usesMultipartCopy_andMatches() throws Exception {
    long size = 2L * PART + 12345;
    objects.upload(b -> b.bucket("data").key("mpcopy/src").contentType("video/mp4"), new Generated(11, size));
    FaultyS3 counting = FaultyS3.wrap(connection.s3());
    ObjectOperations ops = new DefaultObjectOperations(Panels.faulty(connection, counting), pool, SMALL);
    CopyResult r = ops.copy(b -> b.bucket("data").key("mpcopy/src").destinationKey("mpcopy/dst").overwrite(false));
    assertThat(counting.calls("uploadPartCopy")).isEqualTo(3);
    assertThat(counting.calls("copyObject")).isZero();
    assertThat(r.destination().etag()).endsWith("-3");
    try (Download d = objects.download(b -> b.bucket("data").key("mpcopy/dst"))) {
      assertThat(d.contentType()).contains("video/mp4");
      assertThat(sha256(d.body())).isEqualTo(sha256(new Generated(11, size)));
    }
    assertThat(server.admin().listMultipartUploads(b -> b.bucket("data")).uploads()).isEmpty();
  }

  @Test
  void move_deletesTheSourceOnlyAfterTheCopy() {
    server.put("data", "move/a.txt", "A");
    CopyResult r = objects.copy(b -> b.bucket("data").key("move/a.txt").destinationKey("move/b.txt").move(true));
    assertThat(r.source()).isEqualTo(CopyResult.SourceOutcome.DELETED);
    assertThat(exists(server, "data", "move/a.txt")).isFalse();
    assertThat(exists(server, "data", "move/b.txt")).isTrue();
  }

  @Test
  void move_whoseDeleteFails_keepsTheSourceAndSaysSo() {
    server.put("data", "move/stuck.txt", "S");
    FaultyS3 faulty = FaultyS3.wrap(connection.s3()).denyDeleteOf("move/stuck.txt");
    ObjectOperations ops = new DefaultObjectOperations(Panels.faulty(connection, faulty), pool, SMALL);
    CopyResult r = ops.copy(b -> b.bucket("data").key("move/stuck.txt").destinationKey("move/landed.txt").move(true));
    assertThat(r.source()).isEqualTo(CopyResult.SourceOutcome.KEPT_DELETE_FAILED);
    assertThat(r.complete()).isFalse();
    assertThat(r.sourceDeleteFailure().code()).isEqualTo(ErrorCode.AWS_ACCESS_DENIED);
    assertThat(r.sourceDeleteFailure().message()).contains("kept");
    assertThat(exists(server, "data", "move/stuck.txt")).isTrue();
    assertThat(exists(server, "data", "move/landed.txt")).isTrue();
  }

  @Test
  void upload_smallBody_roundTripsThroughTheGrowingFirstBuffer() throws Exception {
    long size = 3L * 64 * 1024 + 5; // crosses two doublings of the first buffer, stays below a part
    UploadResult up = objects.upload(b -> b.bucket("data").key("growing"), new Generated(31, size));
    assertThat(up.size()).isEqualTo(size);
    try (Download d = objects.download(b -> b.bucket("data").key("growing"))) {
      assertThat(d.contentType()).contains("application/octet-stream");
      assertThat(sha256(d.body())).isEqualTo(sha256(new Generated(31, size)));
    }
  }

  @Test
  void copyToAnotherSetOfTheSameService_ontoItself_isRefused() {
    server.put("data", "self.txt", "me");
    try (S3Account twin = panel.open(Panels.credentials(server))) {
      assertThatThrownBy(() -> objects.copy(CopyRequest.of(b -> b.bucket("data").key("self.txt")
          .destinationKey("self.txt").move(true)), twin.objects())).isInstanceOf(ValidationException.class);
    }
    assertThat(exists(server, "data", "self.txt")).isTrue();
  }

  @Test
  void copyAcrossSets_streamsBetweenTwoServersWithDifferentKeys() throws Exception {
    assertThat(other.accessKeyId()).isNotEqualTo(server.accessKeyId());
    long size = 2L * PART + 99;
    objects.upload(b -> b.bucket("data").key("cross/big.bin").contentType("application/zip")
        .metadata(Map.of("k", "v")), new Generated(21, size));
    server.put("data", "cross/small.txt", "small");
    try (S3Account there = panel.open(Panels.credentials(other))) {
      CopyResult big = objects.copy(CopyRequest.of(b -> b.bucket("data").key("cross/big.bin")
          .destinationBucket("elsewhere").destinationKey("in/big.bin")), there.objects());
      assertThat(big.destination().size()).isEqualTo(size);
      assertThat(big.destination().etag()).endsWith("-3");
      CopyResult moved = objects.copy(CopyRequest.of(b -> b.bucket("data").key("cross/small.txt")
          .destinationBucket("elsewhere").destinationKey("in/small.txt").move(true)), there.objects());
      assertThat(moved.source()).isEqualTo(CopyResult.SourceOutcome.DELETED);
      assertThatThrownBy(() -> objects.copy(CopyRequest.of(b -> b.bucket("data").key("cross/big.bin")
          .destinationBucket("elsewhere").destinationKey("in/big.bin").overwrite(false)), there.objects()))
          .isInstanceOf(ConflictException.class);
      try (Download d = there.objects().download(b -> b.bucket("elsewhere").key("in/big.bin"))) {
        assertThat(d.contentType()).contains("application/zip");
        assertThat(sha256(d.body())).isEqualTo(sha256(new Generated(21, size)));
      }
      assertThat(other.admin().headObject(b -> b.bucket("elsewhere").key("in/big.bin")).metadata()).containsEntry("k", "v");
    }
    assertThat(exists(server, "data", "cross/small.txt")).isFalse();
    assertThat(exists(other, "elsewhere", "in/small.txt")).isTrue();
    assertThat(other.admin().listMultipartUploads(b -> b.bucket("elsewhere")).uploads()).isEmpty();
  }

  // ------------------------------------------------------------------ folders

  @Test
  void createFolder_writesAZeroByteMarker_prefixMustEndWithSlash() {
    assertThat(objects.createFolder("data", "folders/a b/é/")).isEqualTo("folders/a b/é/");
    assertThat(server.admin().headObject(b -> b.bucket("data").key("folders/a b/é/")).contentLength()).isZero();
    assertThatThrownBy(() -> objects.createFolder("data", "folders/no-slash"))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("prefix"));
  }

  // ------------------------------------------------------------------ search

  @Test
  void search_isCaseInsensitiveOverUnicode_andStaysUnderThePrefix() {
    server.putAll("data", List.of("find/Photos/Été/BEACH-1.jpg", "find/photos/ete/beach 2.jpg", "find/Strand.JPG",
        "find/ÉTÉ-summary.txt", "elsewhere/beach.jpg"));
    assertThat(objects.search(b -> b.bucket("data").prefix("find/").query("beach")).results())
        .extracting(ObjectSummary::key).containsExactly("find/Photos/Été/BEACH-1.jpg", "find/photos/ete/beach 2.jpg");
    assertThat(objects.search(b -> b.bucket("data").prefix("find/").query("été")).results())
        .extracting(ObjectSummary::key).containsExactly("find/Photos/Été/BEACH-1.jpg", "find/ÉTÉ-summary.txt");
    SearchPage jpg = objects.search(b -> b.bucket("data").prefix("find/").query(".jpg"));
    assertThat(jpg.results()).hasSize(3);
    assertThat(jpg.exhausted()).isTrue();
    assertThat(jpg.scanned()).isEqualTo(4);
    assertThat(jpg.results().get(0).size()).isEqualTo("find/Photos/Été/BEACH-1.jpg".getBytes(StandardCharsets.UTF_8).length);
    assertThat(jpg.results().get(0).lastModified()).isNotNull();
  }

  @Test
  void search_walkedWithContinuationToTheEnd_equalsADirectFilterOfTheListing() {
    List<String> keys = IntStream.range(0, 1200).mapToObj(i -> String.format("walk/%04d-%s.dat", i, i % 7 == 0 ? "Seven" : "x"))
        .collect(Collectors.toList());
    server.putAll("data", keys);
    List<String> expected = keysUnder(server, "data", "walk/").stream()
        .filter(k -> k.toLowerCase().contains("seven")).collect(Collectors.toList());
    for (Optional<Duration> budget : List.of(Optional.<Duration>empty(), Optional.of(Duration.ofMillis(1)))) {
      List<String> found = new ArrayList<>();
      String continuation = "";
      long scanned = 0;
      int calls = 0;
      do {
        String from = continuation;
        SearchPage page = objects.search(b -> {
          b.bucket("data").prefix("walk/").query("SEVEN").maxResults(50).continuation(from);
          budget.ifPresent(b::timeBudget);
        });
        page.results().forEach(o -> found.add(o.key()));
        scanned += page.scanned();
        continuation = page.continuation();
        calls++;
        assertThat(calls).isLessThan(200);
      } while (!continuation.isEmpty());
      assertThat(found).isEqualTo(expected);
      assertThat(scanned).isEqualTo(1200);
      assertThat(calls).isGreaterThan(2);
    }
    // A spent budget ends the call after its first page, whatever is left to find.
    SearchPage first = objects.search(b -> b.bucket("data").prefix("walk/").query(".dat").maxResults(1000)
        .timeBudget(Duration.ofMillis(1)));
    assertThat(first.scanned()).isEqualTo(1000);
    assertThat(first.results()).hasSize(1000);
    assertThat(first.exhausted()).isFalse();
    SearchPage rest = objects.search(b -> b.bucket("data").prefix("walk/").query(".dat").maxResults(1000)
        .continuation(first.continuation()));
    assertThat(rest.scanned()).isEqualTo(200);
    assertThat(rest.exhausted()).isTrue();
  }

  @Test
  void search_badContinuation_isAValidationError() {
    assertThatThrownBy(() -> objects.search(b -> b.bucket("data").query("x").continuation("garbage!")))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("continuation"));
  }

  // ------------------------------------------------------------------ buckets

  @Test
  void buckets_create_takenConflicts_deleteOnlyWhenEmpty() {
    BucketOperations buckets = account.buckets();
    buckets.create("fresh-bucket", null);
    assertThat(server.admin().listBuckets().buckets()).anySatisfy(b -> assertThat(b.name()).isEqualTo("fresh-bucket"));
    assertThatThrownBy(() -> buckets.create("fresh-bucket", null)).isInstanceOf(ConflictException.class);
    server.put("fresh-bucket", "one", "1");
    assertThatThrownBy(() -> buckets.delete("fresh-bucket"))
        .isInstanceOf(ConflictException.class).hasMessageContaining("not empty");
    objects.delete("fresh-bucket", "one");
    buckets.delete("fresh-bucket");
    assertThat(server.admin().listBuckets().buckets()).noneSatisfy(b -> assertThat(b.name()).isEqualTo("fresh-bucket"));
    assertThatThrownBy(() -> buckets.create("Bad_Name", null))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("bucket"));
    assertThatThrownBy(() -> buckets.create("good-name", "not a region"))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.fieldErrors()).containsKey("region"));
    assertThatThrownBy(() -> buckets.delete("no-such-bucket-here"))
        .isInstanceOf(io.s3panel.core.NoSuchBucketException.class);
  }
}
