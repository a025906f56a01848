package io.s3panel.core.navigate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.core.ErrorCode;
import io.s3panel.core.NoSuchBucketException;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.ValidationException;
import io.s3panel.core.testing.Panels;
import io.s3panel.testing.S3ProxyServer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

class FolderPageTest {
  static final String BIG = "big";
  static final List<String> ODD_KEYS = List.of(
      "odd/with space.txt", "odd/ünïcødé-文件.txt", "odd/plus+sign.txt", "odd/percent%20.txt",
      "odd/hash#tag.txt", "odd/question?.txt", "odd/amp&eq=.txt", "odd/emoji-😀.txt",
      "odd/folder with space/inner.txt", "odd/100%/x", "odd/a+b/c");

  static S3ProxyServer server;
  static S3Panel panel;
  static S3Account account;
  static List<String> bigKeys = new ArrayList<>();

  @BeforeAll
  static void seed() {
    server = S3ProxyServer.start();
    // 2,600 keys: 26 top-level folders of 4 sub-folders x 24 files, plus 104 files at the root of each bucket level.
    for (char c = 'a'; c <= 'z'; c++) {
      for (int sub = 0; sub < 4; sub++) {
        for (int f = 0; f < 24; f++) {
          bigKeys.add("media/" + c + "/" + sub + "/file-" + f + ".jpg");
        }
      }
      for (int f = 0; f < 4; f++) {
        bigKeys.add("media/" + c + "-file-" + f + ".txt");
      }
    }
    server.bucket(BIG).putAll(BIG, bigKeys);
    server.bucket("odd").putAll("odd", ODD_KEYS);
    server.bucket("empty");
    panel = Panels.create();
    account = panel.open(Panels.credentials(server));
  }

  @AfterAll
  static void stop() {
    account.close();
    panel.close();
    server.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 12, 100, 1000})
  void walkingEveryFolderPage_matchesDirectListingExactly(int pageSize) {
    for (String prefix : List.of("", "media/", "media/q/", "media/q/3/")) {
      Listing ours = walk(BIG, prefix, pageSize);
      Listing direct = direct(BIG, prefix);
      assertThat(ours).isEqualTo(direct);
    }
  }

  @Test
  void walkingEveryFolderRecursively_visitsAllKeysOnce() {
    List<String> seen = new ArrayList<>();
    List<String> folders = new ArrayList<>(List.of(""));
    while (!folders.isEmpty()) {
      Listing l = walk(BIG, folders.remove(folders.size() - 1), 250);
      seen.addAll(l.files);
      folders.addAll(l.folders);
    }
    assertThat(seen).hasSize(2600).containsExactlyInAnyOrderElementsOf(bigKeys);
  }

  @Test
  void folderPage_pageSizeCountsFoldersAndFiles() {
    FolderPage page = account.folderPage(FolderPageRequest.of(b -> b.bucket(BIG).prefix("media/").maxKeys(12)
        .includeGrants(false)));
    assertThat(page.folders().size() + page.files().size()).isEqualTo(12);
    assertThat(page.marker()).isEmpty();
    assertThat(page.nextMarker()).isNotEmpty();
    FolderPage second = account.folderPage(FolderPageRequest.of(b -> b.bucket(BIG).prefix("media/")
        .marker(page.nextMarker()).includeGrants(false)));
    assertThat(second.marker()).isEqualTo(page.nextMarker());
    assertThat(second.folders()).doesNotContainAnyElementsOf(page.folders());
  }

  @Test
  void listFolder_keysWithSpacesUnicodeAndReservedCharacters_roundTrip() {
    Listing l = walk("odd", "odd/", 3);
    assertThat(l.files).containsExactlyInAnyOrderElementsOf(
        ODD_KEYS.stream().filter(k -> k.indexOf('/', 4) < 0).collect(Collectors.toList()));
    assertThat(l.folders).containsExactlyInAnyOrder("odd/folder with space/", "odd/100%/", "odd/a+b/");
    for (String key : ODD_KEYS) {
      ObjectDetails d = account.objectDetails("odd", key);
      assertThat(d.key()).isEqualTo(key);
      assertThat(d.size()).isEqualTo(key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
      assertThat(account.objectAcl("odd", key).grants()).isNotEmpty();
    }
    assertThat(walk("odd", "odd/100%/", 5).files).containsExactly("odd/100%/x");
  }

  @Test
  void folderPage_withGrants_everyFileCarriesItsGrants() {
    FolderPage page = account.folderPage(FolderPageRequest.of(b -> b.bucket(BIG).prefix("media/q/0/").maxKeys(24)));
    assertThat(page.files()).hasSize(24);
    for (FileEntry f : page.files()) {
      assertThat(f.grants()).isNotNull();
      assertThat(f.grants().available()).as(f.key()).isTrue();
      assertThat(f.grants().list()).extracting(Grant::permission).contains("FULL_CONTROL");
      assertThat(f.size()).isPositive();
      assertThat(f.etag()).doesNotContain("\"");
      assertThat(f.lastModified()).isNotNull();
    }
  }

  @Test
  void folderPage_withoutGrants_hasNoGrants() {
    FolderPage page = account.folderPage(FolderPageRequest.of(b -> b.bucket(BIG).prefix("media/q/0/")
        .includeGrants(false)));
    assertThat(page.files()).allSatisfy(f -> assertThat(f.grants()).isNull());
  }

  @Test
  void emptyBucket_givesOneEmptyLastPage() {
    FolderPage page = account.folderPage(FolderPageRequest.of(b -> b.bucket("empty")));
    assertThat(page.folders()).isEmpty();
    assertThat(page.files()).isEmpty();
    assertThat(page.isLast()).isTrue();
  }

  @Test
  void prefixWithNoMatch_givesOneEmptyLastPage() {
    FolderPage page = account.folderPage(FolderPageRequest.of(b -> b.bucket(BIG).prefix("nothing/here/")));
    assertThat(page.folders()).isEmpty();
    assertThat(page.files()).isEmpty();
    assertThat(page.nextMarker()).isEmpty();
  }

  @Test
  void missingBucket_isNoSuchBucket() {
    assertThatThrownBy(() -> account.folderPage(FolderPageRequest.of(b -> b.bucket("no-such-bucket"))))
        .isInstanceOf(NoSuchBucketException.class)
        .extracting(e -> ((NoSuchBucketException) e).code()).isEqualTo(ErrorCode.AWS_NO_SUCH_BUCKET);
  }

  @Test
  void badRequests_failValidationWithTheFieldName() {
    assertThatThrownBy(() -> FolderPageRequest.of(b -> b.bucket("x").maxKeys(0)))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fieldErrors()).containsKeys("bucket", "maxKeys"));
    assertThatThrownBy(() -> FolderPageRequest.of(b -> b.bucket("ok-bucket").maxKeys(1001)))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> FolderPageRequest.of(b -> b.bucket("../etc")))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> FolderPageRequest.of(b -> b.bucket("ok-bucket").prefix("a\u0000b")))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).fieldErrors()).containsKey("prefix"));
  }

  @Test
  void lazyListing_streamsEveryKeyPageByPage() {
    ObjectPages pages = account.listObjects(BIG, "media/");
    assertThat(pages.stream().count()).isEqualTo(3); // 2,600 keys, 1,000 a page
    assertThat(pages.objects().map(ObjectSummary::key)).containsExactlyInAnyOrderElementsOf(bigKeys);
    assertThat(account.listObjects(BIG, "none/").objects()).isEmpty();
  }

  @Test
  void buckets_areListedByNameWithGrants() {
    List<BucketSummary> buckets = account.listBuckets();
    assertThat(buckets).extracting(BucketSummary::name).containsExactly("big", "empty", "odd");
    assertThat(buckets).allSatisfy(b -> assertThat(b.grants().available()).isTrue());
    AccessControlList acl = account.bucketAcl(BIG);
    assertThat(acl.grants()).extracting(Grant::permission).contains("FULL_CONTROL");
    assertThat(account.listBuckets(false)).allSatisfy(b -> assertThat(b.grants()).isNull());
  }

  private static Listing walk(String bucket, String prefix, int pageSize) {
    Listing l = new Listing();
    String marker = "";
    int pages = 0;
    do {
      String m = marker;
      FolderPage page = account.folderPage(FolderPageRequest.of(b -> b.bucket(bucket).prefix(prefix).marker(m)
          .maxKeys(pageSize).includeGrants(false)));
      assertThat(page.folders().size() + page.files().size()).isLessThanOrEqualTo(pageSize);
      l.folders.addAll(page.folders());
      page.files().forEach(f -> l.files.add(f.key()));
      marker = page.nextMarker();
      assertThat(++pages).isLessThan(10_000);
    } while (!marker.isEmpty());
    return l;
  }

  private static Listing direct(String bucket, String prefix) {
    Listing l = new Listing();
    for (ListObjectsV2Response r : server.admin().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)
        .delimiter("/"))) {
      r.commonPrefixes().stream().map(CommonPrefix::prefix).forEach(l.folders::add);
      r.contents().stream().map(S3Object::key).forEach(l.files::add);
    }
    return l;
  }

  record Listing(List<String> folders, List<String> files) {
    Listing() {
      this(new ArrayList<>(), new ArrayList<>());
    }
  }
}
