package io.s3panel.server.api;

import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.s3panel.server.TestProperties;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md item 29 (issue 9, findings 9 and 10): a username is one identity after NFKC normalisation
 * and case folding, mixed-script names are refused, and input that only grows when normalised gets a 4xx.
 */
class UsernameIdentityTest {
  static final String PASSWORD = "Correct-Horse-Battery-Staple-42!";
  static Api api;

  @BeforeAll
  static void start() {
    api = Api.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static Api.Response register(String username) {
    return api.post("/api/register", null, obj("username", username, "password", PASSWORD));
  }

  static Api.Response login(String username) {
    return api.post("/api/login", null, obj("username", username, "password", PASSWORD));
  }

  @Test
  void lookAlikesOfARegisteredName_fullwidthMathematicalOrOtherCase_get409() {
    assertThat(register("alice").status()).isEqualTo(201);
    for (String lookAlike : List.of("ａｌｉｃｅ", "𝐚𝐥𝐢𝐜𝐞", "ALICE", "Ａｌｉｃｅ", "𝒶𝓁𝒾𝒸ℯ")) {
      assertThat(register(lookAlike).status()).as(lookAlike).isEqualTo(409);
    }
  }

  @Test
  void mixedScriptName_gets400WithAUsernameFieldError() {
    Api.Response r = register("\u0430lice"); // Cyrillic а, Latin lice
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.string("code")).isEqualTo("validation_failed");
    assertThat(r.body()).contains("\"username\"").contains("one script").contains("Cyrillic").contains("Latin");
    assertThat(login("\u0430lice").status()).isEqualTo(401);
  }

  @Test
  void singleScriptNamesInOtherWritingSystems_areWelcome() {
    for (String name : List.of("алиса", "山田たろう", "김민준", "ελένη_2", "josé.garcía+1")) {
      assertThat(register(name).status()).as(name).isEqualTo(201);
    }
  }

  @Test
  void loginFindsTheUserByTheSameNormalisation() {
    assertThat(register("Straße").status()).isEqualTo(201);
    for (String typed : List.of("Straße", "STRASSE", "strasse", "ｓｔｒａｓｓｅ")) {
      assertThat(login(typed).status()).as(typed).isEqualTo(200);
    }
    assertThat(register("STRASSE").status()).isEqualTo(409);
  }

  @Test
  void dottedCapitalITimes76_whoseNormalisedFormOutgrowsTheColumn_gets400NotA5xx() {
    String name = "İ".repeat(76); // 76 characters, 152 once case-folded
    Api.Response r = register(name);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("\"username\"").contains("once normalised");
    assertThat(login(name).status()).isEqualTo(401);

    String fits = "İ".repeat(75);
    assertThat(register(fits).status()).isEqualTo(201);
    assertThat(login(fits).status()).isEqualTo(200);
  }

  @Test
  void upgradeRecomputesExistingKeys_andAnOlderAccountKeepsItsName(/* V4 migration */) throws Exception {
    String url = TestProperties.h2Url();
    Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("1").load().migrate();
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        PreparedStatement insert = c.prepareStatement("INSERT INTO users (username, username_lower, password_hash,"
            + " password_changed_at, created_at) VALUES (?, ?, 'x', ?, ?)")) {
      for (String name : List.of("bob", "ＢＯＢ", "Straße")) { // as registered before: lower case only
        insert.setString(1, name);
        insert.setString(2, name.toLowerCase(java.util.Locale.ROOT));
        insert.setObject(3, OffsetDateTime.now());
        insert.setObject(4, OffsetDateTime.now());
        insert.executeUpdate();
      }
    }
    Map<String, Object> props = new HashMap<>(TestProperties.base());
    props.put("datasources.default.url", url);
    try (Api upgraded = Api.start(props)) {
      assertThat(upgraded.post("/api/register", null, obj("username", "strasse", "password", PASSWORD)).status())
          .isEqualTo(409);
      assertThat(upgraded.post("/api/register", null, obj("username", "Bob", "password", PASSWORD)).status())
          .isEqualTo(409);
      try (Connection c = DriverManager.getConnection(url, "sa", "");
          ResultSet rs = c.createStatement().executeQuery("SELECT username, username_lower FROM users ORDER BY id")) {
        Map<String, String> keys = new HashMap<>();
        while (rs.next()) {
          keys.put(rs.getString(1), rs.getString(2));
        }
        assertThat(keys).containsEntry("bob", "bob").containsEntry("ＢＯＢ", "ｂｏｂ").containsEntry("Straße", "strasse");
      }
    }
  }
}
