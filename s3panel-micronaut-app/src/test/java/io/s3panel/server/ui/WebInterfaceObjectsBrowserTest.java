package io.s3panel.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.S3ProxyServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Changing what is in a bucket from the web interface, in a real browser against the real server and S3Proxy:
 * new folder, upload (picker, drop, progress, replace, cancel), the selection's delete / copy / move / rename /
 * download links as tasks with progress and cancel, and search with "search further".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebInterfaceObjectsBrowserTest {
  static final int BULK = 600;
  static final int SEARCH_KEYS = 500;
  static final int SEARCH_HITS = 250;

  S3ProxyServer s3;
  UiFixture ui;
  final List<String> measurements = new java.util.ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    Browser.requireInstalled();
    s3 = S3ProxyServer.start().bucket("work").bucket("archive").bucket("bulk").bucket("find");
    s3.putAll("bulk", IntStream.range(0, BULK).mapToObj(i -> String.format("set/item-%05d.txt", i)).toList());
    s3.putAll("find", IntStream.range(0, SEARCH_KEYS)
        .mapToObj(i -> i % (SEARCH_KEYS / SEARCH_HITS) == 0 ? String.format("docs/Q%d-Report-%04d.pdf", i % 4 + 1, i)
            : String.format("docs/notes-%04d.txt", i))
        .toList());
    ui = UiFixture.start(s3);
    ui.signedIn("objects", "main", "other");
  }

  @AfterAll
  void stop() {
    measurements.forEach(m -> System.out.println("[ui-measure] " + m));
    if (ui != null) {
      ui.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  private List<String> keys(String bucket) {
    return s3.admin().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
  }

  private String content(String bucket, String key) {
    return s3.admin().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
  }

  private List<String> names() {
    return ui.driver.findElements(By.cssSelector(".vpad .vrow .c-name")).stream().map(WebElement::getText).toList();
  }

  private void select(String name) {
    ui.waitFor(By.cssSelector(".vpad input[aria-label='Select " + name + "']")).click();
  }

  private WebElement dialog() {
    return ui.waitFor(By.cssSelector("dialog[open]"));
  }

  private void noDialog() {
    ui.wait.until(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
  }

  @Test
  @Order(1)
  void emptyBucket_saysWhatToDo_andANewFolderIsMadeFromTheKeyboard() throws IOException {
    ui.open("#/c/main/b/work");
    ui.waitForText(By.cssSelector(".empty"), "This bucket is empty.");
    assertThat(ui.driver.findElement(By.cssSelector(".empty")).getText()).contains("Drop files here", "Upload files");
    // Keyboard only: Enter on the button opens the dialog with focus in its field, Enter submits it.
    WebElement newFolder = ui.button("New folder");
    newFolder.sendKeys(Keys.ENTER);
    dialog();
    WebElement active = ui.driver.switchTo().activeElement();
    assertThat(active.getAttribute("name")).isEqualTo("folder_name");
    assertThat(ui.unlabelledControls()).isEmpty();
    active.sendKeys(Keys.ESCAPE);
    noDialog();
    newFolder.sendKeys(Keys.ENTER);
    ui.driver.switchTo().activeElement().sendKeys("inbox", Keys.ENTER);
    noDialog();
    ui.waitFor(By.linkText("inbox/"));
    assertThat(keys("work")).containsExactly("inbox/");
  }

  @Test
  @Order(2)
  void upload_severalFilesFromThePicker_withAProgressBarPerFileAndOverall() throws IOException {
    ui.waitFor(By.linkText("inbox/")).click();
    ui.waitForText(By.tagName("h1"), "inbox/");
    Path dir = Files.createTempDirectory("s3panel-upload");
    Path alpha = Files.writeString(dir.resolve("alpha.txt"), "alpha");
    Path beta = Files.write(dir.resolve("beta.bin"), new byte[300_000]);
    ui.driver.findElement(By.cssSelector("input[type=file]")).sendKeys(alpha + "\n" + beta);
    ui.waitForText(By.cssSelector(".upload-status"), "2 of 2 uploaded");
    List<WebElement> bars = ui.driver.findElements(By.cssSelector(".upload-item progress"));
    assertThat(bars).hasSize(2);
    for (WebElement bar : bars) {
      assertThat(bar.getAttribute("value")).isEqualTo(bar.getAttribute("max"));
      assertThat(bar.getAttribute("aria-label")).startsWith("Upload of ");
    }
    WebElement overall = ui.driver.findElement(By.cssSelector("progress.upload-overall"));
    assertThat(overall.getAttribute("value")).isEqualTo(overall.getAttribute("max")).isEqualTo("300005");
    ui.waitFor(By.linkText("beta.bin"));
    assertThat(names()).containsExactly("alpha.txt", "beta.bin");
    assertThat(content("work", "inbox/alpha.txt")).isEqualTo("alpha");
    assertThat(s3.admin().headObject(b -> b.bucket("work").key("inbox/beta.bin")).contentLength()).isEqualTo(300_000);
    ui.screenshot("upload-light-desktop");
    Browser.colorScheme(ui.driver, "dark");
    ui.screenshot("upload-dark-desktop");
    Browser.colorScheme(ui.driver, "light");
    Files.delete(alpha);
    Files.delete(beta);
    Files.delete(dir);
  }

  @Test
  @Order(3)
  void droppedFiles_upload_andAnExistingNameIsReplacedOnlyWhenAsked() {
    ui.dropFiles(".list-col", Map.of("gamma.txt", "gamma", "alpha.txt", "alpha, second version"));
    WebElement replace = ui.button("Replace it");
    WebElement conflict = ui.driver.findElement(By.cssSelector(".upload-item .error"));
    assertThat(conflict.getText()).contains("inbox/alpha.txt already exists");
    assertThat(content("work", "inbox/alpha.txt")).isEqualTo("alpha");
    ui.waitForText(By.cssSelector(".upload-status"), "1 failed");
    replace.click();
    ui.waitForText(By.cssSelector(".upload-status"), "2 of 2 uploaded");
    assertThat(content("work", "inbox/alpha.txt")).isEqualTo("alpha, second version");
    assertThat(content("work", "inbox/gamma.txt")).isEqualTo("gamma");
    ui.waitFor(By.linkText("gamma.txt"));
  }

  @Test
  @Order(4)
  void cancellingAnUpload_abortsIt_andLeavesNoObject() {
    // A slow connection (64 KB/s up) so that the cancel lands while the bytes are still on their way.
    ui.driver.executeCdpCommand("Network.enable", Map.of());
    ui.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
        "downloadThroughput", -1, "uploadThroughput", 64 * 1024));
    try {
      ui.driver.executeScript("const dt = new DataTransfer();"
          + "dt.items.add(new File([new Uint8Array(3 * 1024 * 1024)], 'large.bin', {type: 'application/octet-stream'}));"
          + "for (const type of ['dragenter', 'dragover', 'drop']) document.querySelector('.list-col')"
          + ".dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true}));");
      WebElement bar = ui.waitFor(By.cssSelector(".upload-item progress[aria-label='Upload of large.bin']"));
      ui.wait.until(d -> Double.parseDouble(bar.getAttribute("value")) > 0);
      ui.waitFor(By.cssSelector("button[aria-label='Cancel upload of large.bin']")).click();
      ui.waitForText(By.cssSelector(".upload-status"), "1 cancelled");
      assertThat(ui.driver.findElement(By.cssSelector(".upload-list")).getText()).contains("Cancelled");
    } finally {
      ui.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
          "downloadThroughput", -1, "uploadThroughput", -1));
    }
    assertThat(keys("work")).doesNotContain("inbox/large.bin");
    assertThat(s3.admin().listMultipartUploads(b -> b.bucket("work")).uploads()).isEmpty();
  }

  @Test
  @Order(5)
  void selection_delete_asksFirst_thenRunsAsATaskWithProgress() throws IOException {
    ui.open("#/c/main/b/work?prefix=inbox%2F");
    select("gamma.txt");
    ui.waitForText(By.cssSelector(".sel-count"), "1 item selected");
    ui.button("Delete…").click();
    dialog().sendKeys(Keys.ESCAPE);
    noDialog();
    assertThat(keys("work")).contains("inbox/gamma.txt");
    ui.button("Delete…").click();
    dialog().findElement(By.cssSelector("button.danger")).click();
    ui.waitForText(By.cssSelector(".task-box"), "Done: 1 object done");
    assertThat(ui.driver.findElements(By.cssSelector(".task-box progress"))).hasSize(1);
    ui.wait.until(d -> !names().contains("gamma.txt") && names().contains("alpha.txt"));
    assertThat(keys("work")).doesNotContain("inbox/gamma.txt");
    ui.button("Dismiss").click();
  }

  @Test
  @Order(6)
  void copyToAnotherBucket_andMoveAFolder_keepThePathsBelowIt() throws IOException {
    ui.open("#/c/main/b/work?prefix=inbox%2F");
    select("alpha.txt");
    select("beta.bin");
    ui.waitForText(By.cssSelector(".sel-count"), "2 items selected");
    ui.screenshot("selection-light-desktop");
    ui.button("Copy to…").click();
    WebElement dlg = dialog();
    WebElement bucket = dlg.findElement(By.cssSelector("input[name=bucket]"));
    bucket.clear();
    bucket.sendKeys("archive");
    WebElement prefix = dlg.findElement(By.cssSelector("input[name=prefix]"));
    prefix.clear();
    prefix.sendKeys("copied");
    prefix.sendKeys(Keys.ENTER);
    noDialog();
    ui.waitForText(By.cssSelector(".task-box"), "Done: 2 objects done");
    assertThat(keys("archive")).containsExactly("copied/alpha.txt", "copied/beta.bin");
    assertThat(keys("work")).contains("inbox/alpha.txt", "inbox/beta.bin");
    // Move the folder inbox/ to archive/moved/: its files keep their names below it.
    ui.open("#/c/main/b/work");
    select("inbox/");
    ui.button("Move to…").click();
    dlg = dialog();
    dlg.findElement(By.cssSelector("input[name=bucket]")).clear();
    dlg.findElement(By.cssSelector("input[name=bucket]")).sendKeys("archive");
    dlg.findElement(By.cssSelector("input[name=prefix]")).sendKeys("moved/", Keys.ENTER);
    ui.waitForText(By.cssSelector(".task-box"), "Done: 3 objects done");
    assertThat(keys("archive")).contains("moved/", "moved/alpha.txt", "moved/beta.bin");
    ui.waitForText(By.cssSelector(".empty"), "This bucket is empty.");
    assertThat(keys("work")).isEmpty();
  }

  @Test
  @Order(7)
  void rename_movesOneKey_andATakenNameShowsTheApisMessageInTheDialog() {
    ui.open("#/c/main/b/archive?prefix=copied%2F");
    select("alpha.txt");
    ui.button("Rename…").click();
    WebElement name = dialog().findElement(By.cssSelector("input[name=new_name]"));
    assertThat(name.getAttribute("value")).isEqualTo("alpha.txt");
    name.clear();
    name.sendKeys("beta.bin", Keys.ENTER);
    WebElement error = ui.waitFor(By.cssSelector("dialog[open] .error"));
    assertThat(error.getText()).contains("Not done").containsIgnoringCase("exists");
    assertThat(dialog().isDisplayed()).isTrue();
    name.clear();
    name.sendKeys("renamed.txt", Keys.ENTER);
    noDialog();
    ui.waitFor(By.linkText("renamed.txt"));
    assertThat(names()).containsExactly("beta.bin", "renamed.txt");
    assertThat(keys("archive")).contains("copied/renamed.txt").doesNotContain("copied/alpha.txt");
    assertThat(content("archive", "copied/renamed.txt")).isEqualTo("alpha, second version");
  }

  @Test
  @Order(8)
  void downloadLinks_forTheSelectedFiles_areWorkingPresignedLinks() throws Exception {
    ui.open("#/c/main/b/archive?prefix=copied%2F");
    ui.waitFor(By.linkText("renamed.txt"));
    ui.driver.findElement(By.cssSelector(".vhead input[type=checkbox]")).click();
    ui.waitForText(By.cssSelector(".sel-count"), "2 items selected");
    ui.button("Download links…").click();
    new org.openqa.selenium.support.ui.Select(dialog().findElement(By.cssSelector("select[name=expires_in]")))
        .selectByVisibleText("5 minutes");
    ui.button("Create links").click();
    ui.waitForText(By.cssSelector("dialog[open] h2"), "Download links");
    List<WebElement> links = ui.waitFor(By.cssSelector("dialog[open] .link-list"))
        .findElements(By.tagName("a"));
    assertThat(links).extracting(WebElement::getText).containsExactly("beta.bin", "renamed.txt");
    String url = links.get(1).getAttribute("href");
    assertThat(url).contains("X-Amz-Expires=300");
    HttpResponse<String> r = ui.http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).isEqualTo("alpha, second version");
    assertThat(ui.driver.findElement(By.cssSelector("dialog[open] textarea")).getAttribute("value").split("\n")).hasSize(2);
    dialog().sendKeys(Keys.ESCAPE);
    noDialog();
  }

  @Test
  @Order(9)
  void aLongBatch_showsItsProgress_andCanBeCancelled() throws IOException {
    ui.open("#/c/main/b/bulk");
    select("set/");
    ui.button("Copy to…").click();
    WebElement dlg = dialog();
    new org.openqa.selenium.support.ui.Select(dlg.findElement(By.cssSelector("select[name=aws_cred]"))).selectByVisibleText("other");
    dlg.findElement(By.cssSelector("input[name=bucket]")).clear();
    dlg.findElement(By.cssSelector("input[name=bucket]")).sendKeys("archive");
    dlg.findElement(By.cssSelector("input[name=prefix]")).sendKeys("bulk-copy/", Keys.ENTER);
    // The copy to another set streams each object through the server: long enough to see it run and stop it.
    ui.wait.until(d -> d.findElement(By.cssSelector(".task-box [role=status]")).getText()
        .matches("[1-9][0-9,]* objects? done.*"));
    ui.screenshot("task-light-desktop");
    long clicked = System.nanoTime();
    ui.button("Cancel").click();
    new WebDriverWait(ui.driver, Duration.ofSeconds(30))
        .until(d -> d.findElement(By.cssSelector(".task-box")).getText().contains("Cancelled."));
    measurements.add(String.format("batch cancel: 'Cancel' clicked to 'Cancelled.' shown in %d ms (the page polls every"
        + " 500 ms), %d of %d objects copied by then", (System.nanoTime() - clicked) / 1_000_000,
        keys("archive").stream().filter(k -> k.startsWith("bulk-copy/")).count(), BULK));
    long copied = keys("archive").stream().filter(k -> k.startsWith("bulk-copy/")).count();
    assertThat(copied).as("objects copied before the cancel").isLessThan(BULK);
    assertThat(ui.driver.findElement(By.cssSelector(".task-box")).getText()).contains(String.format("%,d object", copied));
  }

  @Test
  @Order(10)
  void search_findsKeysIgnoringCase_andSearchesFurtherFromTheContinuation() throws IOException {
    ui.open("#/c/main/b/find?prefix=docs%2F");
    ui.input("q").sendKeys("report", Keys.ENTER);
    ui.wait.until(d -> ui.fragment().startsWith("#/c/main/search/find?"));
    ui.waitForText(By.cssSelector("main [role=status]"), "200 matches");
    assertThat(ui.driver.findElement(By.cssSelector("main [role=status]")).getText()).contains("search further");
    assertThat(ui.driver.findElements(By.cssSelector("#search-results tbody tr"))).hasSize(200);
    ui.screenshot("search-light-desktop");
    Browser.colorScheme(ui.driver, "dark");
    ui.screenshot("search-dark-desktop");
    Browser.colorScheme(ui.driver, "light");
    ui.button("Search further").click();
    ui.waitForText(By.cssSelector("main [role=status]"), SEARCH_HITS + " matches");
    assertThat(ui.driver.findElement(By.cssSelector("main [role=status]")).getText()).contains("the whole folder was searched");
    assertThat(ui.driver.findElements(By.xpath("//button[text()='Search further']")).stream().filter(WebElement::isDisplayed))
        .isEmpty();
    WebElement first = ui.driver.findElement(By.cssSelector("#search-results tbody a"));
    String key = first.getText();
    assertThat(key).containsIgnoringCase("report");
    first.click();
    ui.waitFor(By.cssSelector(".details dl.props"));
    assertThat(ui.driver.findElement(By.cssSelector(".details")).getText()).contains(key);
    // No match says so, and what to try.
    ui.open("#/c/main/search/find?q=nothing-like-this&prefix=docs%2F");
    ui.waitForText(By.cssSelector(".empty"), "No key under find/docs/ contains");
  }

  @Test
  @Order(11)
  void buckets_createWithTheApisFieldMessage_andDeleteOnlyWhenEmpty() throws IOException {
    ui.open("#/c/main/buckets");
    ui.waitFor(By.id("buckets"));
    ui.button("Create bucket").click();
    WebElement name = dialog().findElement(By.cssSelector("input[name=bucket_name]"));
    name.sendKeys("Bad_Name", Keys.ENTER);
    ui.wait.until(d -> !ui.errorOf("bucket_name").isEmpty());
    assertThat(name.getAttribute("aria-invalid")).isEqualTo("true");
    ui.screenshot("bucket-create-error-light-desktop");
    name.clear();
    name.sendKeys("fresh-bucket", Keys.ENTER);
    noDialog();
    ui.waitFor(By.linkText("fresh-bucket"));
    assertThat(s3.admin().listBuckets().buckets()).anyMatch(b -> b.name().equals("fresh-bucket"));
    // Not empty: S3 refuses, and the API's message shows under that bucket's row.
    ui.waitFor(By.cssSelector("button[aria-label='Delete archive']")).click();
    dialog().findElement(By.cssSelector("button.danger")).click();
    WebElement why = ui.waitFor(By.cssSelector("tr.row-error .error"));
    assertThat(why.getText()).contains("Could not delete archive").containsIgnoringCase("not empty");
    ui.driver.findElement(By.cssSelector("button[aria-label='Delete fresh-bucket']")).click();
    dialog().findElement(By.cssSelector("button.danger")).click();
    ui.wait.until(d -> d.findElements(By.linkText("fresh-bucket")).isEmpty());
    assertThat(s3.admin().listBuckets().buckets()).noneMatch(b -> b.name().equals("fresh-bucket"));
  }

  @Test
  @Order(12)
  void noContentSecurityPolicyViolation_norScriptError_inTheWholeSession() {
    assertThat(ui.scriptProblems()).isEmpty();
  }
}
