package io.s3panel.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.testing.S3ProxyServer;
import io.s3panel.server.api.Api;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;

/**
 * The web interface in a real browser (Debian's headless Chromium) against the real server and S3Proxy: one
 * user's session from sign-up to an expired session, in order. Saves the README's screenshots and measures
 * the budget (assets compressed, first folder view, API calls per folder open).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebInterfaceBrowserTest {
  static final String USER = "uitester";
  static final String PASSWORD = "Correct-Horse-Battery-Staple-42!";
  static final String XSS_KEY = "<img src=x onerror=alert(1)>";
  static final int BIG_FOLDER = 10_000;
  /** A 1×1 PNG. */
  static final byte[] PNG = Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

  S3ProxyServer s3;
  Api api;
  ChromeDriver driver;
  WebDriverWait wait;
  final HttpClient http = HttpClient.newHttpClient();
  final List<String> measurements = new ArrayList<>();
  Path screenshots;

  @BeforeAll
  void start() throws Exception {
    Browser.requireInstalled();
    s3 = S3ProxyServer.start().bucket("photos").bucket("docs").bucket("big");
    s3.admin().putBucketAcl(b -> b.bucket("photos").acl(BucketCannedACL.PUBLIC_READ));
    s3.admin().putObject(b -> b.bucket("photos").key("2024/summer/beach.png").contentType("image/png"),
        RequestBody.fromBytes(PNG));
    s3.put("photos", "2024/summer/dunes.txt", "sand").put("photos", "2024/winter/snow.txt", "cold")
        .put("photos", "2024/cover.txt", "cover").put("photos", "index.txt", "index");
    s3.admin().putObject(b -> b.bucket("docs").key("notes/readme.txt").contentType("text/plain")
        .metadata(Map.of("owner", "alice")), RequestBody.fromString("Hello from the panel"));
    s3.put("docs", XSS_KEY, "xss").put("docs", "a-first.txt", "first");
    s3.putAll("big", IntStream.range(0, BIG_FOLDER).mapToObj(i -> String.format("many/object-%05d.txt", i)).toList());
    // A short access-token lifetime: silent refresh runs several times during the suite.
    api = Api.start(Map.of("s3panel.access-token-ttl", "10s"));
    driver = Browser.start();
    wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    Path root = Path.of("").toAbsolutePath();
    screenshots = (Files.isDirectory(root.resolve("docs")) ? root : root.getParent()).resolve("docs/screenshots");
    Files.createDirectories(screenshots);
  }

  @AfterAll
  void stop() throws Exception {
    measurements.forEach(m -> System.out.println("[ui-measure] " + m));
    if (driver != null) {
      driver.quit();
    }
    if (api != null) {
      api.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  // ------------------------------------------------------------------ helpers

  private void open(String fragment) {
    driver.get(api.base() + "/" + fragment);
  }

  private WebElement waitFor(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  private void waitForText(By by, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  private WebElement input(String name) {
    return waitFor(By.cssSelector("input[name='" + name + "']"));
  }

  private String errorOf(String name) {
    WebElement in = input(name);
    String errId = List.of(in.getAttribute("aria-describedby").split(" ")).stream().filter(i -> i.endsWith("-err"))
        .findFirst().orElseThrow();
    return driver.findElement(By.id(errId)).getText();
  }

  private String fragment() {
    return (String) driver.executeScript("return location.hash");
  }

  private void screenshot(String name) throws IOException {
    Files.write(screenshots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  private void assertNoAlert() {
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
  }

  private long apiCalls() {
    return (Long) driver.executeScript(
        "return performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname.startsWith('/api/')"
            + " && !new URL(e.name).pathname.startsWith('/api/session/')).length");
  }

  private int renderedRows() {
    return driver.findElements(By.cssSelector(".vpad .vrow")).size();
  }

  // ------------------------------------------------------------------ the session

  @Test
  @Order(1)
  void signUp_showsTheApisFieldMessage_thenCreatesTheAccountAndSignsIn() throws IOException {
    open("#/signup");
    input("username").sendKeys(USER);
    input("password").sendKeys("12345678");
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(d -> !errorOf("password").isEmpty());
    assertThat(errorOf("password")).containsIgnoringCase("numeric");
    assertThat(input("password").getAttribute("aria-invalid")).isEqualTo("true");
    input("password").clear();
    input("password").sendKeys(PASSWORD);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(d -> fragment().equals("#/sets/new"));
    waitForText(By.tagName("h1"), "Add a credential set");
  }

  @Test
  @Order(2)
  void addCredentialSet_showsAFieldError_thenAddsAndOpensItsBuckets() throws IOException {
    input("identifier").sendKeys("x!");
    input("aws_access_key_id").sendKeys(s3.accessKeyId());
    input("aws_secret_access_key").sendKeys(s3.secretAccessKey());
    input("endpoint_url").sendKeys(s3.endpoint().toString());
    input("path_style").click();
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(d -> !errorOf("identifier").isEmpty());
    assertThat(errorOf("identifier")).isNotBlank();
    assertThat(driver.findElement(By.cssSelector("[role=alert]")).getText()).contains("Not saved");
    screenshot("credential-set-error-light-desktop");
    input("identifier").clear();
    input("identifier").sendKeys("playground");
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(d -> fragment().equals("#/c/playground/buckets"));
    waitFor(By.id("buckets"));
  }

  @Test
  @Order(3)
  void buckets_areListedWithThePublicOneMarked() throws IOException {
    WebElement photos = waitFor(By.xpath("//table[@id='buckets']//tr[th/a[text()='photos']]"));
    assertThat(photos.findElement(By.cssSelector(".badge.public")).getText()).contains("Public", "everyone", "READ");
    WebElement docs = driver.findElement(By.xpath("//table[@id='buckets']//tr[th/a[text()='docs']]"));
    assertThat(docs.findElements(By.cssSelector(".badge.public"))).isEmpty();
    assertThat(docs.findElement(By.cssSelector(".badge.ok")).getText()).isEqualTo("Private");
    screenshot("buckets-light-desktop");
    photos.findElement(By.linkText("Details")).click();
    waitForText(By.tagName("h1"), "Permissions of photos");
    assertThat(waitFor(By.cssSelector("main table")).getText()).contains("Public (everyone)", "READ");
  }

  @Test
  @Order(4)
  void folderBrowsing_foldersFirst_breadcrumb_andBackForward() throws IOException {
    open("#/c/playground/buckets");
    waitFor(By.linkText("photos")).click();
    waitFor(By.cssSelector(".vpad .vrow"));
    List<WebElement> names = driver.findElements(By.cssSelector(".vpad .vrow .c-name"));
    assertThat(names.get(0).getText()).isEqualTo("2024/");
    assertThat(names.get(1).getText()).isEqualTo("index.txt");
    long before = apiCalls();
    driver.findElement(By.linkText("2024/")).click();
    waitForText(By.tagName("h1"), "2024/");
    waitFor(By.linkText("summer/"));
    assertThat(apiCalls() - before).as("API calls to open a folder").isEqualTo(1);
    measurements.add("API calls per folder open: " + (apiCalls() - before));
    List<String> order = driver.findElements(By.cssSelector(".vpad .vrow .c-name")).stream().map(WebElement::getText)
        .toList();
    assertThat(order).containsExactly("summer/", "winter/", "cover.txt");
    driver.findElement(By.linkText("summer/")).click();
    waitForText(By.tagName("h1"), "summer/");
    assertThat(driver.findElements(By.cssSelector("nav.crumbs li")).stream().map(WebElement::getText).toList())
        .containsExactly("Buckets", "photos", "2024", "summer");
    assertThat(driver.findElement(By.cssSelector("nav.crumbs [aria-current=page]")).getText()).isEqualTo("summer");
    driver.findElement(By.cssSelector("nav.crumbs")).findElement(By.linkText("photos")).click();
    waitForText(By.tagName("h1"), "photos");
    driver.navigate().back();
    waitForText(By.tagName("h1"), "summer/");
    driver.navigate().back();
    waitForText(By.tagName("h1"), "2024/");
    driver.navigate().back();
    waitForText(By.tagName("h1"), "photos");
    driver.navigate().forward();
    waitForText(By.tagName("h1"), "2024/");
    assertThat(fragment()).isEqualTo("#/c/playground/b/photos?prefix=2024%2F");
    waitFor(By.linkText("summer/"));
    // Sorting within what is loaded: by size, descending, folders stay first.
    driver.findElement(By.cssSelector("[data-col=name] button")).click();
    waitForText(By.cssSelector(".vpad"), "cover.txt");
    assertThat(driver.findElement(By.cssSelector("[data-col=name]")).getAttribute("aria-sort")).isEqualTo("descending");
    List<String> desc = driver.findElements(By.cssSelector(".vpad .vrow .c-name")).stream().map(WebElement::getText)
        .toList();
    assertThat(desc).containsExactly("winter/", "summer/", "cover.txt");
  }

  @Test
  @Order(5)
  void bookmarkedFolder_opensInAFreshLoad_andTheFirstViewIsMeasured() {
    open("#/c/playground/b/photos?prefix=2024%2Fsummer%2F");
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      driver.navigate().refresh();
      waitFor(By.linkText("beach.png"));
      wait.until(d -> (Boolean) driver.executeScript(
          "return performance.getEntriesByName('s3panel:folder-ready').length > 0"));
      times.add(((Number) driver.executeScript(
          "return performance.getEntriesByName('s3panel:folder-ready')[0].startTime")).doubleValue());
    }
    List<Double> sorted = times.stream().sorted().toList();
    double median = sorted.get(sorted.size() / 2);
    measurements.add(String.format("first folder view interactive after navigation (fresh page load with session"
        + " resume, 5 loads): median %.0f ms, all %s", median, times));
    // The budget is 1 s; the figure is a measurement reported in BENCHMARKS.md, never asserted on time here.
    // What keeps it fast is asserted elsewhere: one API call per folder open, a bounded DOM.
  }

  @Test
  @Order(6)
  void xssKey_isShownAsText_andNothingRuns() throws IOException {
    open("#/c/playground/b/docs");
    waitFor(By.cssSelector(".vpad .vrow"));
    WebElement cell = waitFor(By.xpath("//div[contains(@class,'vpad')]//a[text()='" + XSS_KEY + "']"));
    assertThat(cell.getText()).isEqualTo(XSS_KEY);
    assertThat(driver.findElements(By.cssSelector(".vpad img"))).isEmpty();
    assertNoAlert();
    cell.click();
    waitFor(By.cssSelector(".details dl"));
    assertThat(driver.findElement(By.cssSelector(".details h2")).getText()).isEqualTo(XSS_KEY);
    assertThat(driver.findElements(By.cssSelector(".details img[src='x']"))).isEmpty();
    assertNoAlert();
  }

  @Test
  @Order(7)
  void objectDetails_showMetadata_presignWithChosenExpiry_copy_andPreview() throws Exception {
    open("#/c/playground/b/docs?prefix=notes%2F");
    waitFor(By.linkText("readme.txt")).click();
    WebElement panel = waitFor(By.cssSelector(".details dl.props"));
    wait.until(d -> driver.findElement(By.cssSelector(".details")).getText().contains("User metadata"));
    String text = driver.findElement(By.cssSelector(".details")).getText();
    assertThat(text).contains("notes/readme.txt", "text/plain", "owner", "alice", "Private");
    assertThat(panel).isNotNull();
    driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", api.base(),
        "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector(".presign select")))
        .selectByVisibleText("5 minutes");
    driver.findElement(By.xpath("//button[text()='Create link']")).click();
    WebElement link = driver.findElement(By.cssSelector(".presign input"));
    wait.until(d -> !link.getAttribute("value").isEmpty());
    String url = link.getAttribute("value");
    assertThat(url).startsWith(s3.endpoint().toString().replaceAll("/$", "")).contains("X-Amz-Expires=300");
    HttpResponse<String> fetched = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(fetched.body()).isEqualTo("Hello from the panel");
    assertThat(driver.findElement(By.linkText("Download")).getAttribute("href")).isEqualTo(url);
    driver.findElement(By.xpath("//button[text()='Copy']")).click();
    waitForText(By.cssSelector(".presign [role=status]"), "Link copied.");
    Object clip = driver.executeAsyncScript("const done = arguments[0]; navigator.clipboard.readText()"
        + ".then(done, e => done('unreadable: ' + e))");
    assertThat(clip).isEqualTo(url);
    waitFor(By.cssSelector("iframe.preview-text[sandbox='']"));
    screenshot("object-details-light-desktop");
    driver.findElement(By.cssSelector(".details .close")).click();
    wait.until(d -> driver.findElements(By.cssSelector(".details dl")).isEmpty());
    assertThat(fragment()).isEqualTo("#/c/playground/b/docs?prefix=notes%2F");
    // An image previews from its presigned link.
    open("#/c/playground/b/photos?prefix=2024%2Fsummer%2F");
    waitFor(By.linkText("beach.png")).click();
    WebElement img = waitFor(By.cssSelector("img.preview-img"));
    wait.until(d -> ((Number) driver.executeScript("return arguments[0].naturalWidth", img)).intValue() == 1);
    driver.findElement(By.cssSelector(".details")).sendKeys(org.openqa.selenium.Keys.ESCAPE);
    wait.until(d -> driver.findElements(By.cssSelector("img.preview-img")).isEmpty());
  }

  @Test
  @Order(8)
  void folderOfTenThousand_loadsMoreOnScroll_whileTheDomStaysBounded() throws IOException {
    open("#/c/playground/b/big?prefix=many%2F");
    waitForText(By.cssSelector(".list-foot [role=status]"), "1000 files loaded");
    assertThat(renderedRows()).isBetween(10, 60);
    screenshot("folder-light-desktop");
    for (int loaded = 2000; loaded <= 3000; loaded += 1000) {
      driver.executeScript("const b = document.querySelector('.vbody'); b.scrollTop = b.scrollHeight;");
      waitForText(By.cssSelector(".list-foot [role=status]"), loaded + " files loaded");
      assertThat(renderedRows()).as("rows in the DOM with %d loaded", loaded).isBetween(10, 60);
    }
    String last = driver.findElements(By.cssSelector(".vpad .vrow .c-name")).stream().map(WebElement::getText)
        .max(String::compareTo).orElseThrow();
    assertThat(last).as("the rows shown are where the list was scrolled to").isGreaterThan("object-01999.txt");
    // The "load more" button works from the keyboard too.
    WebElement more = driver.findElement(By.xpath("//button[text()='Load more']"));
    more.sendKeys(org.openqa.selenium.Keys.ENTER);
    waitForText(By.cssSelector(".list-foot [role=status]"), "4000 files loaded");
    assertThat(renderedRows()).isBetween(10, 60);
    measurements.add("rows in the DOM with 4000 of 10000 entries loaded: " + renderedRows());
  }

  @Test
  @Order(9)
  void statistics_showProgress_thenAChartOfSizeAndCountPerBucket() throws IOException {
    open("#/c/playground/buckets");
    waitFor(By.linkText("Statistics")).click();
    waitFor(By.xpath("//button[text()='Start a scan']")).click();
    WebElement progress = waitFor(By.id("stats-progress"));
    assertThat(progress.getTagName()).isEqualTo("progress");
    WebElement chart = new WebDriverWait(driver, Duration.ofSeconds(60))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("svg.chart")));
    assertThat(driver.findElements(By.cssSelector("svg.chart"))).hasSize(2);
    assertThat(chart.findElements(By.tagName("rect"))).hasSize(3);
    assertThat(driver.findElement(By.cssSelector(".stats-result table")).getText())
        .contains("big", "photos", "docs", String.format(java.util.Locale.US, "%,d", BIG_FOLDER));
    screenshot("statistics-light-desktop");
  }

  @Test
  @Order(10)
  void screenshots_darkAndNarrow() throws IOException {
    Browser.colorScheme(driver, "dark");
    screenshot("statistics-dark-desktop");
    open("#/c/playground/buckets");
    waitFor(By.id("buckets"));
    screenshot("buckets-dark-desktop");
    open("#/c/playground/b/docs?prefix=notes%2F&key=notes%2Freadme.txt");
    waitFor(By.cssSelector(".details dl.props"));
    screenshot("object-details-dark-desktop");
    driver.manage().window().setSize(new Dimension(400, 860));
    open("#/c/playground/b/photos?prefix=2024%2F");
    waitFor(By.linkText("summer/"));
    screenshot("folder-dark-narrow");
    Browser.colorScheme(driver, "light");
    driver.navigate().refresh();
    waitFor(By.linkText("summer/"));
    screenshot("folder-light-narrow");
    open("#/c/playground/buckets");
    waitFor(By.id("buckets"));
    screenshot("buckets-light-narrow");
    driver.manage().window().setSize(new Dimension(1280, 900));
  }

  @Test
  @Order(11)
  void credentialSets_listMasked_editAndDeleteWithConfirmation() throws IOException {
    open("#/sets");
    WebElement row = waitFor(By.xpath("//tr[th[starts-with(normalize-space(.), 'playground')]]"));
    assertThat(row.getText()).contains("*").doesNotContain(s3.secretAccessKey());
    driver.findElement(By.cssSelector("a[aria-label='Edit playground']")).click();
    WebElement region = input("region_name");
    assertThat(input("identifier").getAttribute("readonly")).isNotNull();
    region.clear();
    region.sendKeys("eu-west-1");
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(d -> fragment().equals("#/sets"));
    waitForText(By.xpath("//tr[th[starts-with(normalize-space(.), 'playground')]]"), "eu-west-1");
    screenshot("credential-sets-light-desktop");
    // A second set to delete; cancelling the confirmation keeps it, confirming removes it.
    assertThat(api.post("/api/aws-credentials/add", api.login(USER, PASSWORD).access(), Api.obj("identifier", "spare",
        "aws_access_key_id", s3.accessKeyId(), "aws_secret_access_key", s3.secretAccessKey(), "region_name", "us-east-1",
        "endpoint_url", s3.endpoint().toString(), "path_style", true)).status()).isEqualTo(201);
    driver.navigate().refresh();
    waitFor(By.cssSelector("button[aria-label='Delete spare']")).click();
    waitFor(By.cssSelector("dialog[open]")).sendKeys(org.openqa.selenium.Keys.ESCAPE);
    wait.until(d -> driver.findElements(By.cssSelector("dialog[open]")).isEmpty());
    assertThat(driver.findElements(By.cssSelector("button[aria-label='Delete spare']"))).hasSize(1);
    driver.findElement(By.cssSelector("button[aria-label='Delete spare']")).click();
    waitFor(By.cssSelector("dialog[open] button.danger")).click();
    wait.until(d -> driver.findElements(By.cssSelector("button[aria-label='Delete spare']")).isEmpty());
    // The header's switcher changes the current set from any screen.
    wait.until(d -> d.findElements(By.cssSelector(".switcher select option:not([disabled])")).size() == 1);
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector(".switcher select")))
        .selectByVisibleText("playground");
    wait.until(d -> fragment().equals("#/c/playground/buckets"));
  }

  @Test
  @Order(12)
  void tokens_areNeverInWebStorage_andTheRefreshCookieIsNotReadable() {
    open("#/c/playground/buckets");
    waitFor(By.id("buckets"));
    Object storage = driver.executeScript("return localStorage.length + sessionStorage.length");
    assertThat(((Number) storage).intValue()).isZero();
    assertThat((String) driver.executeScript("return document.cookie")).doesNotContain("s3panel_refresh");
    assertThat(driver.manage().getCookies()).isEmpty();   // the cookie is limited to /api/session
  }

  @Test
  @Order(13)
  void silentRefresh_keepsTheSessionPastTheAccessTokenLifetime() throws InterruptedException {
    open("#/c/playground/b/photos");
    waitFor(By.linkText("2024/"));
    Thread.sleep(12_000);   // longer than the 10 s access token: the page must have renewed it silently
    driver.findElement(By.linkText("2024/")).click();
    waitFor(By.linkText("summer/"));
    assertThat(fragment()).startsWith("#/c/playground/b/photos");
  }

  @Test
  @Order(14)
  void expiredSession_endsOnTheSignInPage_keepingWhereTheUserWas_andSignsBackThere() {
    open("#/c/playground/b/photos?prefix=2024%2Fwinter%2F");
    waitFor(By.linkText("snow.txt"));
    // Another device changes the password: every refresh token of the user is revoked.
    Api.Tokens other = api.login(USER, PASSWORD);
    String newPassword = PASSWORD + "-2";
    assertThat(api.post("/api/password", other.access(), Map.of("current_password", PASSWORD,
        "new_password", newPassword)).status()).isEqualTo(200);
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> fragment().startsWith("#/signin"));
    assertThat(fragment()).contains("expired=1").contains("next=" + java.net.URLEncoder.encode(
        "#/c/playground/b/photos?prefix=2024%2Fwinter%2F", StandardCharsets.UTF_8));
    waitForText(By.cssSelector(".notice"), "Your session has ended");
    input("username").sendKeys(USER);
    input("password").sendKeys(newPassword);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    waitFor(By.linkText("snow.txt"));
    assertThat(fragment()).isEqualTo("#/c/playground/b/photos?prefix=2024%2Fwinter%2F");
  }

  @Test
  @Order(15)
  void signOut_endsTheSession_andAReloadDoesNotResumeIt() {
    driver.findElement(By.xpath("//button[text()='Sign out']")).click();
    wait.until(d -> fragment().startsWith("#/signin"));
    waitForText(By.cssSelector(".notice"), "You are signed out.");
    open("#/c/playground/buckets");
    driver.navigate().refresh();
    wait.until(d -> fragment().startsWith("#/signin"));
    assertThat(fragment()).contains("next=");
  }

  @Test
  @Order(16)
  void noContentSecurityPolicyViolations_andSwaggerUiStillWorks() {
    driver.get(api.base() + "/swagger-ui/index.html");
    waitFor(By.cssSelector(".swagger-ui .info .title"));
    List<String> violations = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::getMessage)
        .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to"))
        .toList();
    assertThat(violations).isEmpty();
  }

  @Test
  @Order(17)
  void panelAssets_stayWithinTheCompressedBudget() throws Exception {
    long total = 0;
    // The page and everything it names (stylesheet, icon, every module it preloads and the entry module).
    String page = http.send(HttpRequest.newBuilder(URI.create(api.base() + "/")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    List<String> assets = new ArrayList<>(List.of("/"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:href|src)=\"(/ui/[^\"]+)\"").matcher(page);
    while (m.find()) {
      if (!assets.contains(m.group(1))) {
        assets.add(m.group(1));
      }
    }
    try (var files = Files.list(Path.of("src/main/resources/public/ui/js"))) {
      List<String> modules = files.map(f -> "/ui/js/" + f.getFileName()).sorted().toList();
      assertThat(assets).as("index.html preloads every module").containsAll(modules);
    }
    for (String path : assets) {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(api.base() + path)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(r.body());
      }
      total += out.size();
    }
    measurements.add("panel assets (" + assets.size() + " files), gzip-compressed: " + total + " bytes");
    assertThat(total).isLessThan(300 * 1024);
    // Every asset the page loaded is one of those (no other module or library fetched).
    open("#/signin");
    waitFor(By.cssSelector("input[name=username]"));
    @SuppressWarnings("unchecked")
    List<String> loaded = (List<String>) driver.executeScript(
        "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)");
    assertThat(loaded).allMatch(p -> p.startsWith("/ui/") || p.startsWith("/api/"));
  }
}
