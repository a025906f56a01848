package io.s3panel.server.api;

import io.s3panel.server.Concurrently;
import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Registration, login, tokens: SECURITY.md items 6–14 through the HTTP API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthApiTest {
  static final String PASSWORD = "Correct-Horse-Battery-Staple-42!";
  Api api;

  @BeforeAll
  void start() {
    // A window long enough that five slow hashes on a busy machine still fall inside it; a queue wait long
    // enough that ten concurrent sign-ups are judged by the database race, not by the hashing queue.
    api = Api.start(Map.of("s3panel.login-max-failures", 5, "s3panel.login-window", "8s",
        "s3panel.hashing-queue-timeout", "60s"));
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void register_thenLogin_returnsBothTokens_withTheDocumentedClaims() {
    assertThat(api.post("/api/register", null, obj("username", "carol", "password", PASSWORD)).body())
        .isEqualTo("{\"message\":\"Registered successfully\"}");
    Api.Response login = api.post("/api/login", null, obj("username", "carol", "password", PASSWORD));
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.map()).containsOnlyKeys("refresh", "access");
    Map<String, Object> access = claims(login.string("access"));
    assertThat(access).containsKeys("token_type", "exp", "iat", "jti", "user_id").containsEntry("token_type", "access");
    assertThat(((String) access.get("jti")).length()).isGreaterThanOrEqualTo(32);
    assertThat(((Number) access.get("exp")).longValue() - ((Number) access.get("iat")).longValue()).isEqualTo(300);
    assertThat(claims(login.string("refresh"))).containsEntry("token_type", "refresh");
    assertThat(header(login.string("access"))).containsEntry("alg", "HS256");
  }

  @Test
  void register_refusesBadUsernamesAndWeakPasswords_withFieldErrors() {
    Map<String, String> cases = Map.of(
        "short", "This password is too short. It must contain at least 8 characters.",
        "1234567890123", "This password is entirely numeric.",
        "password123", "This password is too common.",
        "daveydave2024", "The password is too similar to the username.");
    cases.forEach((password, message) -> {
      Api.Response r = api.post("/api/register", null, obj("username", "daveydave", "password", password));
      assertThat(r.status()).as(password).isEqualTo(400);
      assertThat(r.map()).containsEntry("code", "validation_failed");
      assertThat(r.body()).contains(message);
    });
    Api.Response badName = api.post("/api/register", null, obj("username", "has space", "password", PASSWORD));
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.body()).contains("\"username\"");
    String longPassword = "Long-Pass-" + "x".repeat(200);
    assertThat(api.post("/api/register", null, obj("username", "longpw", "password", longPassword)).status()).isEqualTo(201);
    assertThat(api.post("/api/login", null, obj("username", "longpw", "password", longPassword)).status()).isEqualTo(200);
    assertThat(api.post("/api/login", null, obj("username", "longpw", "password", longPassword.substring(0, 150)))
        .status()).as("never truncated").isEqualTo(401);
  }

  @Test
  void register_takenUsername_ignoringCase_isConflict() {
    assertThat(api.post("/api/register", null, obj("username", "Erin", "password", PASSWORD)).status()).isEqualTo(201);
    Api.Response again = api.post("/api/register", null, obj("username", "erin", "password", PASSWORD));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.map()).containsEntry("code", "conflict");
  }

  @Test
  void concurrentRegistrationsOfOneName_exactlyOneSucceeds() throws Exception {
    List<Integer> statuses = Concurrently.run(10, () ->
        api.post("/api/register", null, obj("username", "racer", "password", PASSWORD)).status());
    assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
  }

  @Test
  void login_unknownUserAndWrongPassword_getTheSameAnswer() {
    api.post("/api/register", null, obj("username", "frank", "password", PASSWORD));
    Api.Response wrong = api.post("/api/login", null, obj("username", "frank", "password", "Wrong-Password-1"));
    Api.Response unknown = api.post("/api/login", null, obj("username", "nobody-here", "password", "Wrong-Password-1"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.body()).isEqualTo(unknown.body());
    assertThat(wrong.map()).containsEntry("code", "invalid_credentials");
  }

  @Test
  void login_repeatedFailures_areThrottledWithRetryAfter_thenAllowedAgain() throws Exception {
    api.post("/api/register", null, obj("username", "grace", "password", PASSWORD));
    for (int i = 0; i < 5; i++) {
      assertThat(api.post("/api/login", null, obj("username", "GRACE", "password", "wrong-" + i)).status()).isEqualTo(401);
    }
    Api.Response blocked = api.post("/api/login", null, obj("username", "grace", "password", PASSWORD));
    assertThat(blocked.status()).isEqualTo(429);
    assertThat(blocked.map()).containsEntry("code", "rate_limited");
    int retryAfter = Integer.parseInt(blocked.header("Retry-After"));
    assertThat(retryAfter).isBetween(1, 8);
    Thread.sleep(retryAfter * 1000L + 200);
    assertThat(api.post("/api/login", null, obj("username", "grace", "password", PASSWORD)).status())
        .as("the block ends: no permanent lock-out").isEqualTo(200);
  }

  @Test
  void login_success_resetsTheFailureCount() {
    api.post("/api/register", null, obj("username", "heidi", "password", PASSWORD));
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 4; i++) {
        api.post("/api/login", null, obj("username", "heidi", "password", "wrong"));
      }
      assertThat(api.post("/api/login", null, obj("username", "heidi", "password", PASSWORD)).status()).isEqualTo(200);
    }
  }

  @Test
  void refresh_rotates_andTheOldTokenWithinTheGracePeriod_getsTheSameSuccessor() {
    Api.Tokens t = api.registerAndLogin("ivan");
    Api.Response first = api.post("/api/token/refresh", null, obj("refresh", t.refresh()));
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.map()).containsOnlyKeys("access", "refresh");
    String second = first.string("refresh");
    assertThat(second).isNotEqualTo(t.refresh());
    assertThat(api.get("/api/aws-credentials", first.string("access")).status()).isEqualTo(200);

    Api.Response again = api.post("/api/token/refresh", null, obj("refresh", t.refresh()));
    assertThat(again.status()).as("re-presented within the default 30 s grace").isEqualTo(200);
    assertThat(again.string("refresh")).as("the same successor").isEqualTo(second);
    assertThat(again.string("access")).as("a fresh access token").isNotEqualTo(first.string("access"));
    assertThat(api.get("/api/aws-credentials", again.string("access")).status()).isEqualTo(200);

    Api.Response third = api.post("/api/token/refresh", null, obj("refresh", second));
    assertThat(third.status()).as("the successor rotates as usual").isEqualTo(200);
    Api.Response twoBack = api.post("/api/token/refresh", null, obj("refresh", t.refresh()));
    assertThat(twoBack.status()).as("a token two rotations back is reuse, grace or not").isEqualTo(401);
    assertThat(twoBack.map()).containsEntry("code", "token_not_valid");
    assertThat(api.post("/api/token/refresh", null, obj("refresh", third.string("refresh"))).status())
        .as("the whole family is revoked after reuse").isEqualTo(401);
  }

  @Test
  void refresh_withoutGrace_reusingARotatedTokenRevokesTheFamily() {
    try (Api strict = Api.start(Map.of("s3panel.refresh-grace", "0"))) {
      Api.Tokens t = strict.registerAndLogin("ivy");
      Api.Response first = strict.post("/api/token/refresh", null, obj("refresh", t.refresh()));
      assertThat(first.status()).isEqualTo(200);
      Api.Response reuse = strict.post("/api/token/refresh", null, obj("refresh", t.refresh()));
      assertThat(reuse.status()).isEqualTo(401);
      assertThat(reuse.map()).containsEntry("code", "token_not_valid");
      assertThat(strict.post("/api/token/refresh", null, obj("refresh", first.string("refresh"))).status())
          .as("the whole family is revoked after reuse").isEqualTo(401);
    }
  }

  @Test
  void concurrentRefreshesOfOneToken_allSucceed_withOneSuccessor() throws Exception {
    Api.Tokens t = api.registerAndLogin("judy");
    List<Api.Response> answers = Concurrently.run(20, () ->
        api.post("/api/token/refresh", null, obj("refresh", t.refresh())));
    assertThat(answers).extracting(Api.Response::status).containsOnly(200);
    List<String> successors = answers.stream().map(r -> r.string("refresh")).distinct().toList();
    assertThat(successors).hasSize(1);
    assertThat(answers.stream().map(r -> r.string("access")).distinct()).as("a fresh access token each").hasSize(20);
    Api.Response next = api.post("/api/token/refresh", null, obj("refresh", successors.get(0)));
    assertThat(next.status()).as("the one successor is the family's current token").isEqualTo(200);
  }

  @Test
  void tokenTypeConfusion_isRefused() {
    Api.Tokens t = api.registerAndLogin("ken");
    assertThat(api.get("/api/aws-credentials", t.refresh()).status()).as("refresh as bearer").isEqualTo(401);
    assertThat(api.post("/api/token/refresh", null, obj("refresh", t.access())).status()).as("access at refresh")
        .isEqualTo(401);
  }

  @Test
  void forgedTokens_areRefused() throws Exception {
    Api.Tokens t = api.registerAndLogin("leo");
    Map<String, Object> claims = claims(t.access());
    String payload = b64(api.context().getBean(io.micronaut.json.JsonMapper.class).writeValueAsString(claims));
    String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".";
    String wrongKey = sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload, "another-secret-another-secret-1234567");
    String hs512 = sign("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", payload, "another-secret-another-secret-1234567");
    for (String token : List.of(none, wrongKey, hs512, "not-a-jwt", t.access() + "x")) {
      Api.Response r = api.get("/api/aws-credentials", token);
      assertThat(r.status()).as(token).isEqualTo(401);
    }
    assertThat(api.get("/api/aws-credentials", null).status()).isEqualTo(401);
    Api.Response r = api.get("/api/aws-credentials", "garbage");
    assertThat(r.map()).containsKeys("error", "code");
  }

  @Test
  void tokensSignedWithTheRealKey_butWithoutExpOrExpired_areRefused() throws Exception {
    Api.Tokens t = api.registerAndLogin("olivia");
    String secret = api.context().getBean(io.s3panel.server.config.Secrets.class).jwtSecret();
    io.micronaut.json.JsonMapper json = api.context().getBean(io.micronaut.json.JsonMapper.class);
    Map<String, Object> claims = new java.util.LinkedHashMap<>(claims(t.access()));
    String header = "{\"alg\":\"HS256\"}";
    assertThat(api.get("/api/aws-credentials", sign(header, b64(json.writeValueAsString(claims)), secret)).status())
        .as("control: a token we sign ourselves with the real key works").isEqualTo(200);
    Map<String, Object> noExp = new java.util.LinkedHashMap<>(claims);
    noExp.remove("exp");
    Map<String, Object> expired = new java.util.LinkedHashMap<>(claims);
    expired.put("exp", java.time.Instant.now().minusSeconds(5).getEpochSecond());
    Map<String, Object> noType = new java.util.LinkedHashMap<>(claims);
    noType.remove("token_type");
    Map<String, Object> shortJti = new java.util.LinkedHashMap<>(claims);
    shortJti.put("jti", "1");
    for (Map<String, Object> c : List.of(noExp, expired, noType, shortJti)) {
      String token = sign(header, b64(json.writeValueAsString(c)), secret);
      assertThat(api.get("/api/aws-credentials", token).status()).as(c.toString()).isEqualTo(401);
    }
  }

  @Test
  void weakerStoredHash_isUpgradedAtTheNextLogin() throws Exception {
    try (Api stronger = Api.start(Map.of("s3panel.argon2-iterations", 3))) {
      io.s3panel.server.persistence.UserRepository users =
          stronger.context().getBean(io.s3panel.server.persistence.UserRepository.class);
      String oldHash = new io.s3panel.server.auth.PasswordHasherAccess().hashWith(19456, 2, PASSWORD);
      users.insert(io.s3panel.server.persistence.User.newUser("upgrade-me", oldHash, java.time.Instant.now()));
      assertThat(stronger.post("/api/login", null, obj("username", "upgrade-me", "password", PASSWORD)).status())
          .isEqualTo(200);
      String now = users.findByUsernameLower("upgrade-me").orElseThrow().passwordHash();
      assertThat(now).startsWith("$argon2id$v=19$m=19456,t=3,p=1$");
      assertThat(stronger.post("/api/login", null, obj("username", "upgrade-me", "password", PASSWORD)).status())
          .isEqualTo(200);
    }
  }

  @Test
  void passwordChange_revokesEveryRefreshToken() {
    Api.Tokens t = api.registerAndLogin("mallory");
    Api.Tokens other = api.login("mallory", PASSWORD);
    Api.Response change = api.post("/api/password", t.access(),
        obj("current_password", PASSWORD, "new_password", "Another-Strong-Passphrase-7"));
    assertThat(change.status()).as(change.body()).isEqualTo(200);
    assertThat(api.post("/api/token/refresh", null, obj("refresh", t.refresh())).status()).isEqualTo(401);
    assertThat(api.post("/api/token/refresh", null, obj("refresh", other.refresh())).status()).isEqualTo(401);
    assertThat(api.post("/api/login", null, obj("username", "mallory", "password", PASSWORD)).status()).isEqualTo(401);
    assertThat(api.post("/api/login", null, obj("username", "mallory", "password", "Another-Strong-Passphrase-7"))
        .status()).isEqualTo(200);
    Api.Response wrongCurrent = api.post("/api/password", t.access(),
        obj("current_password", "nope-nope-nope", "new_password", "Yet-Another-Passphrase-8"));
    assertThat(wrongCurrent.status()).isEqualTo(400);
  }

  @Test
  void accountDeletion_revokesTokens_andFreesTheName() {
    Api.Tokens t = api.registerAndLogin("niaj");
    assertThat(api.delete("/api/account", t.access(), obj("password", "wrong")).status()).isEqualTo(400);
    assertThat(api.delete("/api/account", t.access(), obj("password", PASSWORD)).status()).isEqualTo(204);
    assertThat(api.post("/api/token/refresh", null, obj("refresh", t.refresh())).status()).isEqualTo(401);
    assertThat(api.post("/api/login", null, obj("username", "niaj", "password", PASSWORD)).status()).isEqualTo(401);
  }

  Map<String, Object> claims(String jwt) {
    return decode(jwt.split("\\.")[1]);
  }

  Map<String, Object> header(String jwt) {
    return decode(jwt.split("\\.")[0]);
  }

  Map<String, Object> decode(String part) {
    try {
      return api.context().getBean(io.micronaut.json.JsonMapper.class).readValue(
          Base64.getUrlDecoder().decode(part), io.micronaut.core.type.Argument.mapOf(String.class, Object.class));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String sign(String header, String payload, String secret) throws Exception {
    String alg = header.contains("HS512") ? "HmacSHA512" : "HmacSHA256";
    Mac mac = Mac.getInstance(alg);
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), alg));
    String signingInput = b64(header) + "." + payload;
    return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }
}
