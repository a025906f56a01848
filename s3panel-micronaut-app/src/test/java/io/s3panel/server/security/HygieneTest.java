package io.s3panel.server.security;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.s3panel.server.TestProperties;
import io.s3panel.server.api.Api;
import io.s3panel.server.config.Secrets;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md items 30 (issue 9, finding 11, the parts of this branch): tokens are not cacheable, JSON is
 * parsed strictly, error bodies stay bounded, oversized headers get 431, the bind address is configurable,
 * the user comes from {@code user_id} alone and tokens from the future are refused.
 */
class HygieneTest {
  static Api api;
  static Api.Tokens user;

  @BeforeAll
  static void start() {
    api = Api.start();
    user = api.registerAndLogin("hygiene");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void loginAndRefreshResponses_sayNoStore() {
    Api.Response login = api.post("/api/login", null, obj("username", "hygiene", "password", user.password()));
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.header("Cache-Control")).isEqualTo("no-store");
    Api.Response refresh = api.post("/api/token/refresh", null, obj("refresh", login.string("refresh")));
    assertThat(refresh.status()).isEqualTo(200);
    assertThat(refresh.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void duplicateKeysInABody_get400ValidationFailed() {
    Api.Response r = api.send("POST", "/api/login", null,
        "{\"username\":\"nobody\",\"username\":\"hygiene\",\"password\":\"" + user.password() + "\"}",
        "application/json");
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.string("code")).isEqualTo("validation_failed");
  }

  @Test
  void trailingGarbageAfterTheBody_gets400ValidationFailed() {
    for (String tail : new String[] {" garbage", "{\"username\":\"x\"}", "]", " 42"}) {
      Api.Response r = api.send("POST", "/api/login", null,
          "{\"username\":\"hygiene\",\"password\":\"" + user.password() + "\"}" + tail, "application/json");
      assertThat(r.status()).as(tail + " -> " + r.body()).isEqualTo(400);
      assertThat(r.string("code")).isEqualTo("validation_failed");
    }
  }

  @Test
  void manyUnknownFields_areNamedAtMost20Times_andUnknownQueryParametersAreIgnored() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("username", "hygiene");
    body.put("password", "whatever-password");
    StringBuilder query = new StringBuilder("?");
    for (int i = 0; i < 500; i++) {
      body.put("extra_" + i, i);
      query.append("p").append(i).append("=1&");
    }
    Api.Response r = api.post("/api/login", null, body);
    assertThat(r.status()).isEqualTo(400);
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) r.map().get("fields");
    assertThat(fields).hasSize(21).containsKey("_more");
    assertThat(fields.get("_more").toString()).contains("480 more");
    assertThat(r.body().length()).isLessThan(4000);
    // Query parameters an endpoint does not know are ignored, as the original Django API ignored them.
    assertThat(api.post("/api/login" + query, null, obj("username", "hygiene", "password", user.password()))
        .status()).isEqualTo(200);
  }

  @Test
  void oversizedRequestHeaders_get431WithTheErrorBody() throws Exception {
    try (Socket s = new Socket("127.0.0.1", api.server().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 431");
      assertThat(answer).contains("\"code\":\"request_header_fields_too_large\"");
    }
    assertThat(api.get("/health", null).status()).isEqualTo(200);
  }

  @Test
  void overlongRequestLine_gets414WithTheErrorBody_andConnectionClose() throws Exception {
    try (Socket s = new Socket("127.0.0.1", api.server().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("DELETE /api/objects/x/b/" + "k".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 414");
      assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("connection: close");
      assertThat(answer).contains("\"code\":\"uri_too_long\"").contains("\"detail\":");
    }
    assertThat(api.get("/health", null).status()).isEqualTo(200);
  }

  @Test
  void bindAddress_isConfigurable_loopbackKeepsOtherInterfacesOut() throws Exception {
    Optional<InetAddress> other = otherAddress();
    Map<String, Object> props = TestProperties.base();
    props.put("S3PANEL_BIND", "127.0.0.1");
    try (Api loopback = Api.start(props)) {
      assertThat(loopback.get("/health", null).status()).isEqualTo(200);
      assumeThat(other).as("a non-loopback address on this machine").isPresent();
      assertThat(connects(other.get(), loopback.server().getPort())).isFalse();
    }
    assertThat(connects(other.get(), api.server().getPort())).as("by default every interface").isTrue();
  }

  @Test
  void userIsReadFromUserIdOnly_aTokenWhoseSubDisagrees_isRefused() throws Exception {
    long id = userId();
    assertThat(api.get("/api/aws-credentials", forge(id, Long.toString(id), Instant.now(), null)).status()).isEqualTo(200);
    assertThat(api.get("/api/aws-credentials", forge(id, Long.toString(id + 1), Instant.now(), null)).status())
        .isEqualTo(401);
    assertThat(api.get("/api/aws-credentials", forge(id, "hygiene", Instant.now(), null)).status()).isEqualTo(401);
    assertThat(api.get("/api/aws-credentials", forge(id, null, Instant.now(), null)).status()).isEqualTo(401);
  }

  @Test
  void iatOrNbfInTheFuture_beyondASmallSkew_get401() throws Exception {
    long id = userId();
    Instant now = Instant.now();
    assertThat(api.get("/api/aws-credentials", forge(id, Long.toString(id), now.plusSeconds(20), null)).status())
        .as("within the clock skew").isEqualTo(200);
    assertThat(api.get("/api/aws-credentials", forge(id, Long.toString(id), now.plusSeconds(600), null)).status())
        .isEqualTo(401);
    assertThat(api.get("/api/aws-credentials", forge(id, Long.toString(id), now, now.plusSeconds(600))).status())
        .isEqualTo(401);
  }

  static long userId() throws Exception {
    String payload = user.access().split("\\.")[1];
    String json = new String(java.util.Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
    return ((Number) JWTClaimsSet.parse(json).getClaim("user_id")).longValue();
  }

  /** An access token signed with the server's real key, with the given {@code sub}, {@code iat} and {@code nbf}. */
  static String forge(long userId, String sub, Instant iat, Instant nbf) throws Exception {
    JWTClaimsSet.Builder c = new JWTClaimsSet.Builder()
        .claim("token_type", "access")
        .expirationTime(Date.from(Instant.now().plusSeconds(300)))
        .issueTime(Date.from(iat))
        .jwtID(HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8), 0, 16))
        .claim("user_id", userId);
    if (sub != null) {
      c.subject(sub);
    }
    if (nbf != null) {
      c.notBeforeTime(Date.from(nbf));
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), c.build());
    jwt.sign(new MACSigner(api.context().getBean(Secrets.class).jwtSecret().getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  static Optional<InetAddress> otherAddress() throws Exception {
    for (NetworkInterface ni : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (ni.isUp() && !ni.isLoopback()) {
        for (InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            return Optional.of(a);
          }
        }
      }
    }
    return Optional.empty();
  }

  static boolean connects(InetAddress address, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), 2000);
      InputStream unused = s.getInputStream();
      return unused != null;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
