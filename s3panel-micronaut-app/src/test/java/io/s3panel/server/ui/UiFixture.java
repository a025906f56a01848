package io.s3panel.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.testing.S3ProxyServer;
import io.s3panel.server.api.Api;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the browser test classes share: S3Proxy, the server, a headless Chromium, a signed-in user with a
 * credential set, and small helpers. Each class owns one instance (PER_CLASS) and closes it after its tests.
 */
final class UiFixture implements AutoCloseable {
  static final String PASSWORD = "Correct-Horse-Battery-Staple-42!";

  final S3ProxyServer s3;
  final Api api;
  final ChromeDriver driver;
  final WebDriverWait wait;
  final HttpClient http = HttpClient.newHttpClient();
  final Path screenshots;

  private UiFixture(S3ProxyServer s3, Map<String, Object> config) throws IOException {
    this.s3 = s3;
    this.api = Api.start(config);
    this.driver = Browser.start();
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    Path root = Path.of("").toAbsolutePath();
    this.screenshots = (Files.isDirectory(root.resolve("docs")) ? root : root.getParent()).resolve("docs/screenshots");
    Files.createDirectories(screenshots);
  }

  /** Starts the server against {@code s3} with a browser; skips (or fails in CI) without Chromium. */
  static UiFixture start(S3ProxyServer s3) throws IOException {
    Browser.requireInstalled();
    return new UiFixture(s3, Map.of());
  }

  /** Registers {@code user}, adds the credential sets named (all on this S3Proxy) and signs in through the page. */
  Api.Tokens signedIn(String user, String... sets) {
    Api.Tokens tokens = api.registerAndLogin(user);
    for (String set : sets) {
      Api.Response r = api.post("/api/aws-credentials/add", tokens.access(), Api.obj("identifier", set,
          "aws_access_key_id", s3.accessKeyId(), "aws_secret_access_key", s3.secretAccessKey(),
          "region_name", "us-east-1", "endpoint_url", s3.endpoint().toString(), "path_style", true));
      assertThat(r.status()).as("add %s: %s", set, r).isEqualTo(201);
    }
    open("#/signin");
    input("username").sendKeys(user);
    input("password").sendKeys(PASSWORD);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(d -> fragment().startsWith("#/c/") || fragment().startsWith("#/sets"));
    return tokens;
  }

  /** Opens a screen; a fresh page load when the address is the one already shown (a same-fragment get is a no-op). */
  void open(String fragment) {
    String url = api.base() + "/" + fragment;
    boolean same = url.equals(driver.getCurrentUrl());
    driver.get(url);
    if (same) {
      driver.navigate().refresh();
    }
  }

  WebElement waitFor(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  void waitForText(By by, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  WebElement input(String name) {
    return waitFor(By.cssSelector("input[name='" + name + "']"));
  }

  WebElement button(String text) {
    return waitFor(By.xpath("//button[normalize-space(.)='" + text + "']"));
  }

  /** The text of the error line tied to the named input (its aria-describedby "-err" element). */
  String errorOf(String name) {
    WebElement in = input(name);
    String errId = List.of(in.getAttribute("aria-describedby").split(" ")).stream().filter(i -> i.endsWith("-err"))
        .findFirst().orElseThrow();
    return driver.findElement(By.id(errId)).getText();
  }

  String fragment() {
    return (String) driver.executeScript("return location.hash");
  }

  void screenshot(String name) throws IOException {
    Files.write(screenshots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  /** What the browser logged so far about CSP violations, refused loads and uncaught script errors: should be none. */
  List<String> scriptProblems() {
    return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .map(org.openqa.selenium.logging.LogEntry::getMessage)
        .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to") || m.contains("Uncaught"))
        .toList();
  }

  /** Every visible form control of the page (dialogs included) that has no label: should be none. */
  @SuppressWarnings("unchecked")
  List<String> unlabelledControls() {
    return (List<String>) driver.executeScript(
        "return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]"
            + ".filter(e => e.offsetParent !== null || e.classList.contains('sr-only'))"
            + ".filter(e => e.tagName === 'BUTTON' ? !(e.textContent.trim() || e.getAttribute('aria-label'))"
            + " : !((e.labels && e.labels.length) || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')))"
            + ".map(e => e.outerHTML.slice(0, 120))");
  }

  /** Drops files made in the page (name → text content) on the element, as a drag from the desktop does. */
  void dropFiles(String selector, Map<String, String> files) {
    driver.executeScript(
        "const target = document.querySelector(arguments[0]); const dt = new DataTransfer();"
            + "for (const [name, text] of Object.entries(arguments[1])) dt.items.add(new File([text], name, {type: 'text/plain'}));"
            + "for (const type of ['dragenter', 'dragover', 'drop'])"
            + "  target.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true}));",
        selector, files);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      api.close();
    }
  }
}
