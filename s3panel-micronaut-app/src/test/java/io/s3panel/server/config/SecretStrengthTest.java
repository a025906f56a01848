package io.s3panel.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SECURITY.md item 27 (issue 9, finding 5): the JWT secret guard judges randomness, not length. */
class SecretStrengthTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  static String randomBase64(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  @Test
  void guessableSecretsFromTheAttack_areRefused_withHowToMakeOne_andWithoutTheSecret() {
    for (String s : List.of("12345678901234567890123456789012", "abcdefghijklmnopqrstuvwxyz123456",
        "my-super-secret-jwt-key-for-prod-2024")) {
      String problem = Secrets.problem(s);
      assertThat(problem).as(s).isNotNull().contains("openssl rand -base64 48").doesNotContain(s);
    }
  }

  @Test
  void longSequencesRepeatsAndPhrases_areRefused() {
    for (String s : List.of(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/",
        "zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA9876543210",
        "1234567890123456789012345678901234567890123456789012345678901234567890",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "Xk9#Lp2!Xk9#Lp2!Xk9#Lp2!Xk9#Lp2!Xk9#Lp2!Xk9#Lp2!Xk9#Lp2!Xk9#Lp2!",
        "my-super-secret-jwt-signing-key-for-the-production-environment-2024",
        "ThisIsMyVeryLongAndVerySecureSecretKeyForTheS3PanelProductionServer2025",
        "changeme-changeme-changeme-changeme-changeme-changeme",
        "pleaseChangeThisSecretForANewOne",
        "correct-horse-battery-staple-correct-horse-battery-staple",
        "the quick brown fox jumps over the lazy dog and then runs far away into the dark forest",
        HexFormat.of().formatHex(new byte[32]))) {
      assertThat(Secrets.problem(s)).as(s).isNotNull();
    }
  }

  @Test
  void opensslRandBase64Of48Bytes_isAlwaysAccepted() {
    for (int i = 0; i < 2000; i++) {
      String s = randomBase64(48);
      assertThat(Secrets.problem(s)).as(s).isNull();
    }
  }

  @Test
  void randomBase64Of32Bytes_isAcceptedNearlyAlways_andAsEstimateIsCloseToTheTruth() {
    int accepted = 0;
    for (int i = 0; i < 2000; i++) {
      String s = randomBase64(32);
      double bits = SecretStrength.bits(s);
      assertThat(bits).as(s).isLessThanOrEqualTo(260);
      if (Secrets.problem(s) == null) {
        accepted++;
      }
    }
    assertThat(accepted).isGreaterThan(1800);
  }

  @Test
  void existingStrongTestSecret_isAccepted() {
    assertThat(Secrets.problem("k3J9x/Qm2+vT8pLw6ZrYh4NcB1sD7fGe5uA0iKoPqRs=")).isNull();
  }
}
