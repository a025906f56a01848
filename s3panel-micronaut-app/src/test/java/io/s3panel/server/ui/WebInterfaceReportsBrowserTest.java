package io.s3panel.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.S3ProxyServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;

/**
 * The exposure report page with each set's key health, and what makes the interface usable without a mouse
 * or at 200 % zoom: labels on every control, visible focus, Enter and Escape in dialogs, no sideways scrolling.
 * Real browser, real server, S3Proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebInterfaceReportsBrowserTest {
  S3ProxyServer s3;
  UiFixture ui;

  @BeforeAll
  void start() throws Exception {
    Browser.requireInstalled();
    s3 = S3ProxyServer.start().bucket("website").bucket("ledger");
    s3.admin().putBucketAcl(b -> b.bucket("website").acl(BucketCannedACL.PUBLIC_READ));
    s3.admin().putObject(b -> b.bucket("website").key("index.html").acl(ObjectCannedACL.PUBLIC_READ),
        RequestBody.fromString("<h1>hello</h1>"));
    s3.put("ledger", "2024/q1.csv", "a,b").put("ledger", "2024/q2.csv", "c,d");
    ui = UiFixture.start(s3);
    ui.signedIn("reports", "main", "backup");
  }

  @AfterAll
  void stop() {
    if (ui != null) {
      ui.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  @Order(1)
  void exposure_beforeAnyReport_saysWhatToDo_andChecksAKeyNow() {
    ui.open("#/c/main/buckets");
    ui.waitFor(By.linkText("Exposure")).click();
    ui.waitForText(By.tagName("h1"), "Exposure and key health");
    ui.waitForText(By.cssSelector(".exposure-area .empty"), "No report yet. Run one above");
    WebElement main = ui.waitFor(By.cssSelector("section[aria-label='Credential set main']"));
    assertThat(main.getText()).contains("Not checked yet");
    ui.waitFor(By.cssSelector("button[aria-label='Check the keys of main now']")).click();
    ui.wait.until(d -> main.getText().contains("Keys work"));
    assertThat(main.getText()).contains("Sees 2 buckets");
  }

  @Test
  @Order(2)
  void exposure_report_showsPublicBucketsAndObjectsOfEverySet_andStaysOnReload() throws IOException {
    new Select(ui.waitFor(By.cssSelector("select[name=objects]"))).selectByVisibleText("Every object (slow on big buckets)");
    ui.button("Run the report").click();
    WebElement summary = new WebDriverWait(ui.driver, Duration.ofSeconds(60))
        .until(d -> d.findElement(By.id("exposure-summary")));
    assertThat(summary.getText()).contains("2 public buckets", "2 not public", "across 2 credential sets");
    WebElement row = ui.driver.findElement(By.xpath(
        "//section[@aria-label='Credential set main']//tr[th/a[text()='website']]"));
    assertThat(row.findElement(By.cssSelector(".badge.public")).getText()).isEqualTo("Public");
    assertThat(row.getText()).contains("AllUsers", "1 public of 1 checked", "index.html");
    WebElement ledger = ui.driver.findElement(By.xpath(
        "//section[@aria-label='Credential set backup']//tr[th/a[text()='ledger']]"));
    assertThat(ledger.findElement(By.cssSelector(".badge.ok")).getText()).isEqualTo("Not public");
    assertThat(ledger.getText()).contains("0 public of 2 checked");
    ui.screenshot("exposure-light-desktop");
    // The newest finished report is shown when the page opens again.
    ui.driver.navigate().refresh();
    ui.waitForText(By.id("exposure-summary"), "2 public buckets");
    Browser.colorScheme(ui.driver, "dark");
    ui.screenshot("exposure-dark-desktop");
    ui.driver.manage().window().setSize(new Dimension(400, 860));
    ui.screenshot("exposure-dark-narrow");
    Browser.colorScheme(ui.driver, "light");
    ui.driver.manage().window().setSize(new Dimension(1280, 900));
  }

  @Test
  @Order(3)
  void everyControlHasALabel_onEveryScreenAndDialog() {
    Map<String, By> screens = Map.of(
        "#/c/main/buckets", By.id("buckets"),
        "#/c/main/b/ledger?prefix=2024%2F", By.linkText("q1.csv"),
        "#/c/main/search/ledger?q=q1", By.id("search-results"),
        "#/c/main/stats", By.xpath("//button[text()='Start a scan']"),
        "#/exposure", By.id("exposure-summary"),
        "#/sets", By.cssSelector("table"),
        "#/sets/new", By.cssSelector("input[name=identifier]"));
    for (Map.Entry<String, By> s : screens.entrySet()) {
      ui.open(s.getKey());
      ui.waitFor(s.getValue());
      assertThat(ui.unlabelledControls()).as("unlabelled controls on %s", s.getKey()).isEmpty();
    }
    ui.open("#/c/main/b/ledger?prefix=2024%2F");
    ui.waitFor(By.cssSelector(".vpad input[aria-label='Select q1.csv']")).click();
    ui.waitForText(By.cssSelector(".sel-count"), "1 item selected");
    assertThat(ui.unlabelledControls()).as("with the selection bar").isEmpty();
    for (String opens : List.of("Copy to…", "Rename…", "Download links…", "New folder")) {
      ui.button(opens).click();
      ui.waitFor(By.cssSelector("dialog[open]"));
      assertThat(ui.unlabelledControls()).as("dialog %s", opens).isEmpty();
      ui.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
      ui.wait.until(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
    }
  }

  @Test
  @Order(4)
  void keyboard_tabReachesTheControls_withAVisibleFocusRing_andEscapeReturnsFromDetails() {
    ui.open("#/c/main/b/ledger?prefix=2024%2F");
    ui.waitFor(By.linkText("q1.csv"));
    // From the page's start, Tab walks the header, then the folder's own actions, in reading order.
    ui.driver.executeScript("document.querySelector('.brand').focus()");
    List<String> reached = new java.util.ArrayList<>();
    for (int i = 0; i < 16; i++) {
      new Actions(ui.driver).sendKeys(Keys.TAB).perform();
      WebElement active = ui.driver.switchTo().activeElement();
      reached.add(active.getText().isBlank() ? active.getAttribute("aria-label") + "" : active.getText().trim());
      String outline = (String) ui.driver.executeScript(
          "const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth");
      assertThat(outline).as("focus ring of %s", reached.get(reached.size() - 1)).isEqualTo("solid 3px");
    }
    assertThat(reached).containsSubsequence("Buckets", "Statistics", "Exposure", "Credential sets", "Sign out",
        "Upload files", "New folder", "Search");
    // Enter on a file opens its details; Escape closes them and gives focus back to the row.
    WebElement file = ui.driver.findElement(By.linkText("q1.csv"));
    file.sendKeys(Keys.ENTER);
    ui.waitFor(By.cssSelector(".details dl.props"));
    ui.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    ui.wait.until(d -> d.findElements(By.cssSelector(".details dl")).isEmpty());
    assertThat(ui.driver.switchTo().activeElement().getText()).isEqualTo("q1.csv");
  }

  @Test
  @Order(5)
  void at200PercentZoom_andOnAPhone_nothingScrollsSideways_andTheActionsStayReachable() throws IOException {
    // 200 % zoom of a 1280×900 window: the page lays out in 640×450 CSS pixels drawn at twice the density.
    ui.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", 640, "height", 450, "deviceScaleFactor", 2, "mobile", false));
    try {
      for (String screen : List.of("#/c/main/b/ledger?prefix=2024%2F", "#/exposure", "#/c/main/buckets")) {
        ui.open(screen);
        ui.waitFor(By.tagName("h1"));
        ui.waitFor(By.cssSelector("main table, main .vpad .vrow, #exposure-summary"));
        assertThat(((Number) ui.driver.executeScript(
            "return document.documentElement.scrollWidth - window.innerWidth")).intValue())
            .as("sideways overflow on %s at 200%%", screen).isLessThanOrEqualTo(0);
        if (screen.contains("/b/")) {
          ui.screenshot("folder-zoom200-light");
          ui.button("New folder").click();
          WebElement dialog = ui.waitFor(By.cssSelector("dialog[open]"));
          assertThat(((Number) ui.driver.executeScript("return arguments[0].getBoundingClientRect().right - window.innerWidth",
              dialog)).intValue()).isLessThanOrEqualTo(0);
          dialog.sendKeys(Keys.ESCAPE);
        }
      }
    } finally {
      ui.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
    ui.driver.manage().window().setSize(new Dimension(400, 860));
    try {
      ui.open("#/c/main/b/ledger?prefix=2024%2F");
      ui.waitFor(By.linkText("q1.csv"));
      assertThat(((Number) ui.driver.executeScript(
          "return document.documentElement.scrollWidth - window.innerWidth")).intValue()).isLessThanOrEqualTo(0);
      ui.waitFor(By.cssSelector(".vpad input[aria-label='Select q2.csv']")).click();
      ui.waitFor(By.xpath("//button[text()='Delete…']"));
      ui.screenshot("selection-light-narrow");
    } finally {
      ui.driver.manage().window().setSize(new Dimension(1280, 900));
    }
  }

  @Test
  @Order(6)
  void aSlowAnswer_showsASpinner_andAFailureShowsTheApisSentenceWhereItHappened() {
    // 1.5 s more for every request: the folder shows its spinner, then its entries.
    ui.driver.executeCdpCommand("Network.enable", Map.of());
    ui.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 1500,
        "downloadThroughput", -1, "uploadThroughput", -1));
    try {
      ui.open("#/c/main/b/ledger");
      ui.waitForText(By.cssSelector(".list-area .loading"), "Opening the folder");
      new WebDriverWait(ui.driver, Duration.ofSeconds(30)).until(d -> !d.findElements(By.linkText("2024/")).isEmpty());
    } finally {
      ui.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
          "downloadThroughput", -1, "uploadThroughput", -1));
    }
    String apiSentence = ui.api.get("/api/buckets/no-such-bucket/folders?aws_cred=main", ui.api.login("reports", UiFixture.PASSWORD).access())
        .string("error");
    assertThat(apiSentence).isNotBlank();
    ui.open("#/c/main/b/no-such-bucket");
    WebElement error = ui.waitFor(By.cssSelector(".list-area .error"));
    assertThat(error.getText()).startsWith("Could not open no-such-bucket/:").contains(apiSentence);
  }

  @Test
  @Order(7)
  void noContentSecurityPolicyViolation_norScriptError_inTheWholeSession() {
    assertThat(ui.scriptProblems()).isEmpty();
  }
}
