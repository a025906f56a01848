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
  void hashesMadeWithReusedSlotMemory_matchAPlainArgon2idComputation() {
    // Several hashes in a row on one slot: the later ones run on blocks an earlier hash used and the
    // generator zeroed; each must still equal Argon2id computed on fresh memory.
    PasswordHasher oneSlot = new PasswordHasher(19456, 2, 1, 1);
    for (String password : new String[] {"first password", "second password", "first password"}) {
      String phc = oneSlot.hash(password);
      String[] parts = phc.split("\\$");
      byte[] salt = java.util.Base64.getDecoder().decode(parts[4]);
      byte[] expected = new byte[32];
      org.bouncycastle.crypto.generators.Argon2BytesGenerator plain =
          new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
      plain.init(new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
          org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
          .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
          .withMemoryAsKB(19456).withIterations(2).withParallelism(1).withSalt(salt).build());
      plain.generateBytes(password.getBytes(java.nio.charset.StandardCharsets.UTF_8), expected);
      assertThat(java.util.Base64.getDecoder().decode(parts[5])).as(password).isEqualTo(expected);
    }
  }

  @Test
  void aSlotReusesItsArgon2Memory_aSecondHashAllocatesFarLessThanTheMemoryCost() {
    PasswordHasher oneSlot = new PasswordHasher(19456, 2, 1, 1);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    String phc = oneSlot.hash("allocation check"); // the first hash fills the slot's pool (19 MiB)
    long before = threads.getThreadAllocatedBytes(id);
    assertThat(oneSlot.verify("allocation check", phc)).isTrue();
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    // Without reuse one hash allocates m = 19456 KiB of blocks (about 20 MB with their headers).
    assertThat(allocated).as("bytes allocated by one verification").isLessThan(1_000_000L);
  }

  @Test
  void aStoredHashWithMoreMemoryThanConfigured_stillVerifies_andTheNextHashIsRight() {
    PasswordHasher bigger = new PasswordHasher(24576, 2, 1, 1);
    String stored = bigger.hash("made with m=24576");
    PasswordHasher oneSlot = new PasswordHasher(19456, 2, 1, 1);
    assertThat(oneSlot.verify("made with m=24576", stored)).isTrue();
    assertThat(oneSlot.verify("made with m=24576!", stored)).isFalse();
    assertThat(oneSlot.verify("then a normal one", oneSlot.hash("then a normal one"))).isTrue();
  }

  @Test
  void toString_showsParametersOnly() {
    assertThat(hasher.toString()).isEqualTo("PasswordHasher{argon2id m=19456 t=2 p=1}");
  }
}
