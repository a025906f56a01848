package io.s3panel.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.core.ErrorCode;
import io.s3panel.core.NoSuchBucketException;
import io.s3panel.core.NoSuchKeyException;
import io.s3panel.core.connect.ConnectionCache;
import io.s3panel.core.connect.OwnedConnection;
import io.s3panel.core.navigate.BucketNavigator;
import io.s3panel.core.navigate.FileEntry;
import io.s3panel.core.navigate.FolderPage;
import io.s3panel.core.navigate.FolderPageRequest;
import io.s3panel.core.navigate.Grant;
import io.s3panel.core.navigate.ObjectDetails;
import io.s3panel.core.navigate.ObjectPages;
import io.s3panel.core.navigate.ObjectSummary;
import io.s3panel.testing.FaultyS3;
import io.s3panel.core.testing.Panels;
import io.s3panel.testing.S3ProxyServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

class GrantsLookupTest {
  static S3ProxyServer server;
  static ConnectionCache cache;
  static OwnedConnection connection;
  static ExecutorService pool;

  @BeforeAll
  static void seed() {
    server = S3ProxyServer.start().bucket("photos");
    server.putAll("photos", IntStream.range(0, 40).mapToObj(i -> String.format("shots/img-%02d.jpg", i))
        .collect(Collectors.toList()));
    server.admin().putObject(b -> b.bucket("photos").key("docs/report.pdf").contentType("application/pdf")
        .metadata(Map.of("author", "Ada", "project", "s3panel")), RequestBody.fromString("%PDF-1.7 body"));
    cache = ConnectionCache.create(Panels.testSettings());
    connection = cache.open(Panels.credentials(server));
    pool = Executors.newFixedThreadPool(32);
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
    connection.close();
    cache.close();
    server.close();
  }

  @Test
  void oneObjectsAclFailing_doesNotFailThePage_itsEntrySaysWhy() {
    FaultyS3 faulty = FaultyS3.wrap(connection.s3()).denyAclOf("shots/img-03.jpg");
    BucketNavigator nav = new DefaultBucketNavigator(Panels.faulty(connection, faulty), pool, 8);
    FolderPage page = nav.folderPage(FolderPageRequest.of(b -> b.bucket("photos").prefix("shots/").maxKeys(10)));
    assertThat(page.files()).hasSize(10);
    FileEntry denied = page.files().get(3);
    assertThat(denied.key()).isEqualTo("shots/img-03.jpg");
    assertThat(denied.grants().available()).isFalse();
    assertThat(denied.grants().error()).isEqualTo(ErrorCode.AWS_ACCESS_DENIED);
    assertThat(denied.grants().reason()).contains("denied");
    assertThat(page.files()).filteredOn(f -> f != denied).allSatisfy(f -> assertThat(f.grants().available()).isTrue());
  }

  @Test
  void aclLookupsFailingForTheWholeAccount_failThePage() {
    FaultyS3 faulty = FaultyS3.wrap(connection.s3()).failEveryAclWith(
        software.amazon.awssdk.core.exception.SdkClientException.create("down",
            new java.net.ConnectException("Connection refused")));
    BucketNavigator nav = new DefaultBucketNavigator(Panels.faulty(connection, faulty), pool, 4);
    assertThatThrownBy(() -> nav.folderPage(FolderPageRequest.of(b -> b.bucket("photos").prefix("shots/"))))
        .isInstanceOf(io.s3panel.core.S3UnreachableException.class);
    assertThat(nav.folderPage(FolderPageRequest.of(b -> b.bucket("photos").prefix("shots/").includeGrants(false)))
        .files()).isNotEmpty();
  }

  @Test
  void grantsOfOnePage_areFetchedConcurrently_boundedByTheConcurrency() {
    FaultyS3 faulty = FaultyS3.wrap(connection.s3()).aclDelay(40);
    BucketNavigator nav = new DefaultBucketNavigator(Panels.faulty(connection, faulty), pool, 6);
    FolderPage page = nav.folderPage(FolderPageRequest.of(b -> b.bucket("photos").prefix("shots/").maxKeys(40)));
    assertThat(page.files()).hasSize(40).allSatisfy(f -> assertThat(f.grants().available()).isTrue());
    assertThat(faulty.aclCalls()).isEqualTo(40);
    assertThat(faulty.maxConcurrentAclCalls()).isGreaterThan(1).isLessThanOrEqualTo(6);
  }

  @Test
  void concurrencyOne_fetchesOneAfterAnother() {
    FaultyS3 faulty = FaultyS3.wrap(connection.s3()).aclDelay(5);
    BucketNavigator nav = new DefaultBucketNavigator(Panels.faulty(connection, faulty), pool, 1);
    nav.folderPage(FolderPageRequest.of(b -> b.bucket("photos").prefix("shots/").maxKeys(8)));
    assertThat(faulty.maxConcurrentAclCalls()).isEqualTo(1);
  }

  @Test
  void objectDetails_carryHeadMetadataAndGrants() {
    BucketNavigator nav = new DefaultBucketNavigator(connection, pool, 4);
    ObjectDetails d = nav.objectDetails("photos", "docs/report.pdf");
    assertThat(d.key()).isEqualTo("docs/report.pdf");
    assertThat(d.size()).isEqualTo(13);
    assertThat(d.contentType()).isEqualTo("application/pdf");
    assertThat(d.metadata()).containsEntry("author", "Ada").containsEntry("project", "s3panel");
    assertThat(d.etag()).isNotBlank().doesNotContain("\"");
    assertThat(d.lastModified()).isNotNull();
    assertThat(d.storageClass()).isEqualTo("STANDARD");
    assertThat(d.grants().available()).isTrue();
    assertThat(d.grants().list()).extracting(Grant::permission).contains("FULL_CONTROL");
  }

  @Test
  void objectDetails_ofAMissingKeyOrBucket_sayWhich() {
    BucketNavigator nav = new DefaultBucketNavigator(connection, pool, 4);
    assertThatThrownBy(() -> nav.objectDetails("photos", "nope.txt")).isInstanceOf(NoSuchKeyException.class)
        .hasMessageContaining("nope.txt");
    assertThatThrownBy(() -> nav.objectAcl("photos", "nope.txt")).isInstanceOf(NoSuchKeyException.class);
    assertThatThrownBy(() -> nav.bucketAcl("no-such-bucket")).isInstanceOf(NoSuchBucketException.class);
    assertThatThrownBy(() -> nav.objectDetails("no-such-bucket", "x")).isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void objectDetails_withDeniedAcl_stillAnswersWithGrantsUnavailable() {
    FaultyS3 faulty = FaultyS3.wrap(connection.s3()).denyAclOf("docs/report.pdf");
    ObjectDetails d = new DefaultBucketNavigator(Panels.faulty(connection, faulty), pool, 4).objectDetails("photos", "docs/report.pdf");
    assertThat(d.grants().available()).isFalse();
    assertThat(d.metadata()).containsKey("author");
  }

  @Test
  void saturatedExecutor_doesNotDeadlock_theCallerDoesTheWork() throws Exception {
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      one.submit(() -> {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      BucketNavigator nav = new DefaultBucketNavigator(connection, one, 8);
      FolderPage page = nav.folderPage(FolderPageRequest.of(b -> b.bucket("photos").prefix("shots/").maxKeys(5)));
      assertThat(page.files()).hasSize(5).allSatisfy(f -> assertThat(f.grants().available()).isTrue());
      assertThat(nav.objectDetails("photos", "docs/report.pdf").grants().available()).isTrue();
    } finally {
      one.shutdownNow();
    }
  }

  @Test
  void lazyListing_fetchesNothingUntilIterated() {
    FaultyS3 faulty = FaultyS3.wrap(connection.s3());
    ObjectPages pages = new DefaultBucketNavigator(Panels.faulty(connection, faulty), pool, 4).listObjects("no-such-bucket", "");
    // Creating the listing makes no call; the first iteration does, and fails then.
    assertThatThrownBy(() -> pages.iterator().hasNext()).isInstanceOf(NoSuchBucketException.class);
    List<ObjectSummary> first = new DefaultBucketNavigator(Panels.faulty(connection, faulty), pool, 4).listObjects("photos", "docs/")
        .iterator().next();
    assertThat(first).extracting(ObjectSummary::key).containsExactly("docs/report.pdf");
  }
}
