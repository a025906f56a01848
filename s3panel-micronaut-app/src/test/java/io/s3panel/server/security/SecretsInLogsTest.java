package io.s3panel.server.security;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import io.s3panel.testing.S3ProxyServer;
import io.s3panel.server.api.Api;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** SECURITY.md item 18: the whole flow at DEBUG, every log line captured, no secret in any of them. */
class SecretsInLogsTest {
  static final String PASSWORD = "Log-Test-Passphrase-Unique-9731";
  static final String NEW_PASSWORD = "Second-Log-Passphrase-Unique-4410";
  static final String SESSION_TOKEN = "FQoGZXIvYXdzSessionTokenThatMustNeverBeLogged0123456789==";

  @Test
  void fullFlowAtDebug_logsNoPasswordSecretTokenOrKeyId() throws Exception {
    LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    Capture capture = new Capture();
    capture.setContext(logback);
    capture.start();
    root.addAppender(capture);
    root.setLevel(Level.DEBUG);
    List<String> secrets = new ArrayList<>(List.of(PASSWORD, NEW_PASSWORD, SESSION_TOKEN));
    try (S3ProxyServer s3 = S3ProxyServer.start().bucket("logs").put("logs", "a/b.txt", "content");
        Api api = Api.start()) {
      secrets.add(s3.secretAccessKey());
      secrets.add(s3.accessKeyId());
      assertThat(api.post("/api/register", null, obj("username", "logger", "password", PASSWORD)).status()).isEqualTo(201);
      Api.Response login = api.post("/api/login", null, obj("username", "logger", "password", PASSWORD));
      String access = login.string("access");
      String refresh = login.string("refresh");
      secrets.add(access);
      secrets.add(refresh);
      secrets.add(access.split("\\.")[2]);
      secrets.add(refresh.split("\\.")[2]);
      Map<String, Object> set = obj("identifier", "main", "aws_access_key_id", s3.accessKeyId(),
          "aws_secret_access_key", s3.secretAccessKey(), "aws_session_token", SESSION_TOKEN,
          "endpoint_url", s3.endpoint().toString(), "path_style", true);
      // S3Proxy does not know session tokens: adding it fails validation, which is logged too.
      api.post("/api/aws-credentials/add", access, set);
      set.remove("aws_session_token");
      assertThat(api.post("/api/aws-credentials/add", access, set).status()).isEqualTo(201);
      Map<String, Object> wrong = new java.util.HashMap<>(set);
      wrong.put("identifier", "wrong");
      wrong.put("aws_secret_access_key", s3.secretAccessKey() + "x");
      api.post("/api/aws-credentials/add", access, wrong);
      api.get("/api/aws-credentials", access);
      api.get("/api/buckets?aws_cred=main", access);
      api.get("/api/buckets/logs/folders?aws_cred=main&prefix=a/", access);
      String key = Base64.getUrlEncoder().encodeToString("a/b.txt".getBytes(StandardCharsets.UTF_8));
      api.get("/api/buckets/logs/objects/" + key + "?aws_cred=main", access);
      api.get("/api/buckets/logs/objects/" + key + "/permissions?aws_cred=main", access);
      Api.Response presigned = api.post("/api/buckets/logs/objects/get_presigned_url?aws_cred=main", access,
          obj("object_key", "a/b.txt"));
      String url = presigned.string("presigned_url");
      secrets.add(url.substring(url.indexOf("X-Amz-Signature=") + 16));
      String task = api.get("/api/objects/metadata?aws_cred=main", access).string("task_id");
      Thread.sleep(500);
      api.get("/api/check_task_status/" + task, access);
      Api.Response refreshed = api.post("/api/token/refresh", null, obj("refresh", refresh));
      secrets.add(refreshed.string("access"));
      secrets.add(refreshed.string("refresh"));
      api.post("/api/token/refresh", null, obj("refresh", refresh)); // reuse: logged as a warning
      api.post("/api/login", null, obj("username", "logger", "password", "wrong-" + PASSWORD));
      api.post("/api/password", refreshed.string("access"), obj("current_password", PASSWORD,
          "new_password", NEW_PASSWORD));
      api.get("/api/aws-credentials", "Bearer-garbage-" + SESSION_TOKEN);
      // Malformed bodies that carry secrets: parsers like to quote the input in their error messages.
      api.post("/api/login", null, "{\"username\": \"logger\", \"password\": \"" + NEW_PASSWORD + "\"");
      api.post("/api/aws-credentials/add", refreshed.string("access"), "{\"aws_secret_access_key\": \""
          + s3.secretAccessKey() + "\", x}");
      api.post("/api/token/refresh", null, "{\"refresh\": \"" + refreshed.string("refresh") + "\" \"");
    } finally {
      root.setLevel(before);
      root.detachAppender(capture);
    }
    assertThat(capture.lines.size()).as("DEBUG logging really was on").isGreaterThan(100);
    List<String> leaks = new ArrayList<>();
    for (String line : capture.lines) {
      for (String secret : secrets) {
        if (line.contains(secret)) {
          leaks.add("[" + secret.length() + " chars] " + line.substring(0, Math.min(line.length(), 300)));
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  /** Keeps every formatted message and stack trace. */
  static final class Capture extends AppenderBase<ILoggingEvent> {
    final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    protected void append(ILoggingEvent e) {
      if (e.getLoggerName().startsWith("org.gaul.")) {
        return; // the test's S3 server (S3Proxy) is not part of S3 Panel
      }
      StringBuilder b = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        b.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
        for (StackTraceElementProxy s : t.getStackTraceElementProxyArray()) {
          b.append("\n  ").append(s.getSTEAsString());
        }
      }
      lines.add(b.toString());
    }
  }
}
