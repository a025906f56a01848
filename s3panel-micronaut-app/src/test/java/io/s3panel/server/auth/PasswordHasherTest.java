package io.s3panel.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** SECURITY.md item 6: Argon2id, PHC strings, salted, upgradeable. */
class PasswordHasherTest {
  final PasswordHasher hasher = new PasswordHasher(19456, 2, 1, 2);

  @Test
  void hash_isAnArgon2idPhcString_withOwaspParameters() {
    String phc = hasher.hash("Correct-Horse-Battery-Staple");
    assertThat(phc).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
  }

  @Test
  void samePasswordTwice_givesDifferentHashes_bothVerify() {
    String a = hasher.hash("same password here");
    String b = hasher.hash("same password here");
    assertThat(a).isNotEqualTo(b);
    assertThat(hasher.verify("same password here", a)).isTrue();
    assertThat(hasher.verify("same password here", b)).isTrue();
    assertThat(hasher.verify("same password herE", a)).isFalse();
  }

  @Test
  void longPasswords_areNeverTruncated() {
    String longOne = "p".repeat(500) + "A";
    String phc = hasher.hash(longOne);
    assertThat(hasher.verify("p".repeat(500) + "B", phc)).isFalse();
    assertThat(hasher.verify(longOne, phc)).isTrue();
  }

  @Test
  void weakerStoredParameters_needRehash() {
    PasswordHasher stronger = new PasswordHasher(19456, 3, 1, 2);
    String old = hasher.hash("pw-pw-pw-pw");
    assertThat(stronger.needsRehash(old)).isTrue();
    assertThat(stronger.verify("pw-pw-pw-pw", old)).as("old hashes still verify").isTrue();
    assertThat(stronger.needsRehash(stronger.hash("pw-pw-pw-pw"))).isFalse();
  }

  @Test
  void garbageHashes_neverVerify_andParametersBelowOwasp_areRefused() {
    for (String bad : new String[] {null, "", "$argon2i$v=19$m=19456,t=2,p=1$abc$def", "plain", "$argon2id$v=19$m=x$a$b",
        "$argon2id$v=19$m=19456,t=2,p=1$AAAA$AAAA"}) {
      assertThat(hasher.verify("pw", bad)).as(String.valueOf(bad)).isFalse();
    }
    assertThatThrownBy(() -> new PasswordHasher(4096, 2, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PasswordHasher(19456, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void whenEverySlotIsBusy_aHashWaitsOnlyUpToTheQueueTimeout() throws Exception {
    PasswordHasher one = new PasswordHasher(19456, 2, 1, 1, java.time.Duration.ofMillis(100));
    one.slots.acquire();
    try {
      long start = System.nanoTime();
      assertThatThrownBy(() -> one.hash("waits-for-a-slot"))
          .isInstanceOf(PasswordHasher.HashingBusyException.class);
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(100);
    } finally {
      one.slots.release();
    }
    assertThat(one.verify("x-x-x-x-x", one.hash("x-x-x-x-x"))).isTrue();
  }

  @Test
  void toString_showsParametersOnly() {
    assertThat(hasher.toString()).isEqualTo("PasswordHasher{argon2id m=19456 t=2 p=1}");
  }
}
