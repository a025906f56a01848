package io.s3panel.server.security;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.server.api.Api;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SECURITY.md items 8, 9 and 13: no enumeration by timing, throttling by account, absolute login lifetime. */
class TokenLifetimeAndLoginTest {
  static final String PASSWORD = "Correct-Horse-Battery-Staple-42!";

  @Test
  void rotatingForever_cannotExtendALoginPastItsAbsoluteLifetime() {
    try (Api api = Api.start(Map.of("test.mutable-clock", true, "s3panel.refresh-family-max-lifetime", "10m",
        "s3panel.refresh-token-ttl", "1d"))) {
      MutableClock clock = api.context().getBean(MutableClock.class);
      Api.Tokens t = api.registerAndLogin("lifetime");
      String refresh = t.refresh();
      for (int i = 0; i < 2; i++) {
        clock.advance(Duration.ofMinutes(4));
        Api.Response r = api.post("/api/token/refresh", null, obj("refresh", refresh));
        assertThat(r.status()).as("refresh %d at +%d min", i, 4 * (i + 1)).isEqualTo(200);
        refresh = r.string("refresh");
      }
      clock.advance(Duration.ofMinutes(4)); // +12 min: past the 10-minute family lifetime
      Api.Response late = api.post("/api/token/refresh", null, obj("refresh", refresh));
      assertThat(late.status()).isEqualTo(401);
      assertThat(late.map()).containsEntry("code", "token_not_valid");
      assertThat(api.post("/api/login", null, obj("username", "lifetime", "password", PASSWORD)).status())
          .as("a fresh login works").isEqualTo(200);
    }
  }

  @Test
  void unknownUserAndWrongPassword_takeAboutTheSameTime() {
    try (Api api = Api.start(Map.of("s3panel.login-max-failures", 1000))) {
      api.post("/api/register", null, obj("username", "timing", "password", PASSWORD));
      List<Long> wrong = new ArrayList<>();
      List<Long> unknown = new ArrayList<>();
      for (int n = 0; n < 12; n++) {
        int i = n;
        wrong.add(time(() -> api.post("/api/login", null, obj("username", "timing", "password", "Wrong-Pass-" + i))));
        unknown.add(time(() -> api.post("/api/login", null, obj("username", "ghost-" + i, "password", "Wrong-Pass"))));
      }
      double ratio = (double) median(unknown) / median(wrong);
      // Both verify one Argon2id hash; without the dummy hash an unknown user would answer ~100x faster.
      assertThat(ratio).as("unknown/wrong median time ratio").isBetween(0.5, 2.0);
    }
  }

  @Test
  void throttling_countsFailuresPerAccount_whicheverAddressTheyComeFrom() throws Exception {
    try (Api api = Api.start(Map.of("s3panel.login-max-failures", 6, "s3panel.login-window", "1m"))) {
      api.post("/api/register", null, obj("username", "spread", "password", PASSWORD));
      int port = api.server().getPort();
      for (int i = 0; i < 6; i++) {
        // Each failure from another loopback source address: 127.0.0.2 … 127.0.0.7.
        assertThat(rawLogin(port, "127.0.0." + (i + 2), "spread", "wrong-" + i)).startsWith("HTTP/1.1 401");
      }
      String blocked = rawLogin(port, "127.0.0.20", "spread", PASSWORD);
      assertThat(blocked).startsWith("HTTP/1.1 429").containsIgnoringCase("retry-after");
      assertThat(rawLogin(port, "127.0.0.21", "someone-else", "x")).startsWith("HTTP/1.1 401");
    }
  }

  /** POSTs a login from a chosen loopback source address (java.net.http cannot bind one). */
  static String rawLogin(int port, String sourceAddress, String username, String password) throws Exception {
    String body = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /api/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\n"
          + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
          .getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder response = new StringBuilder();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        response.append(line).append('\n');
      }
      return response.toString();
    }
  }

  static long time(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return System.nanoTime() - start;
  }

  static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
