package io.s3panel.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.core.ConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Two caches over one store stand for two servers over one database: a change through one is seen by it at
 * once and by the other within the TTL. Time is a counter the test advances.
 */
class CachingCredentialStoreTest {
  private static final Duration TTL = Duration.ofSeconds(3);
  private static final CredentialRef ALICE_PROD = new CredentialRef("alice", "prod");

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final InMemoryCredentialStore database = new InMemoryCredentialStore();
  private final CountingStore counted = new CountingStore(database);
  private final CachingCredentialStore serverA = new CachingCredentialStore(counted, TTL, 100, nanos::get);
  private final CachingCredentialStore serverB = new CachingCredentialStore(counted, TTL, 100, nanos::get);

  @Test
  void find_twiceWithinTheTtl_readsTheStoreOnce() {
    database.create(row(ALICE_PROD, 1));
    assertThat(serverA.find(ALICE_PROD)).contains(row(ALICE_PROD, 1));
    assertThat(serverA.find(ALICE_PROD)).contains(row(ALICE_PROD, 1));
    assertThat(counted.finds.get()).isEqualTo(1);
    assertThat(serverA.stats()).isEqualTo(new CachingCredentialStore.Stats(1, 1, 1));
  }

  @Test
  void find_afterTheTtl_readsTheStoreAgain() {
    database.create(row(ALICE_PROD, 1));
    serverA.find(ALICE_PROD);
    nanos.addAndGet(TTL.toNanos());
    serverA.find(ALICE_PROD);
    assertThat(counted.finds.get()).isEqualTo(2);
  }

  @Test
  void updateThroughOneServer_isSeenThereAtOnce_andByTheOtherWithinTheTtl() {
    database.create(row(ALICE_PROD, 1));
    serverA.find(ALICE_PROD);
    serverB.find(ALICE_PROD);

    serverA.update(row(ALICE_PROD, 2), 1);

    assertThat(serverA.find(ALICE_PROD).orElseThrow().version()).isEqualTo(2);
    assertThat(serverB.find(ALICE_PROD).orElseThrow().version()).as("stale, within the bound").isEqualTo(1);
    nanos.addAndGet(TTL.toNanos() - 1);
    assertThat(serverB.find(ALICE_PROD).orElseThrow().version()).isEqualTo(1);
    nanos.addAndGet(1);
    assertThat(serverB.find(ALICE_PROD).orElseThrow().version()).as("the bound reached").isEqualTo(2);
  }

  @Test
  void deleteThroughOneServer_isGoneThereAtOnce_andOnTheOtherAfterTheTtl() {
    database.create(row(ALICE_PROD, 1));
    serverA.find(ALICE_PROD);
    serverB.find(ALICE_PROD);

    assertThat(serverA.delete(ALICE_PROD)).isTrue();

    assertThat(serverA.find(ALICE_PROD)).isEmpty();
    nanos.addAndGet(TTL.toNanos());
    assertThat(serverB.find(ALICE_PROD)).isEmpty();
  }

  @Test
  void createdElsewhere_isFoundAtOnce_becauseAbsenceIsNotCached() {
    assertThat(serverB.find(ALICE_PROD)).isEmpty();
    serverA.create(row(ALICE_PROD, 1));
    assertThat(serverB.find(ALICE_PROD)).isPresent();
  }

  @Test
  void oldest_isCached_andDroppedByACreateOrDeleteOfTheOwner() {
    CredentialRef second = new CredentialRef("alice", "second");
    serverA.create(row(ALICE_PROD, 1));
    assertThat(serverA.oldest("alice").orElseThrow().ref()).isEqualTo(ALICE_PROD);
    assertThat(serverA.oldest("alice").orElseThrow().ref()).isEqualTo(ALICE_PROD);
    assertThat(counted.oldests.get()).isEqualTo(1);

    serverA.create(new SealedCredential(second, new byte[] {1}, new byte[] {2}, null, "us-east-1", null, false,
        Instant.parse("2026-01-02T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"), 1));
    serverA.delete(ALICE_PROD);
    assertThat(serverA.oldest("alice").orElseThrow().ref()).isEqualTo(second);
  }

  @Test
  void conflictingUpdate_dropsTheEntry_soARetryReadsTheCurrentRow() {
    database.create(row(ALICE_PROD, 1));
    serverA.find(ALICE_PROD);
    serverB.update(row(ALICE_PROD, 2), 1);

    assertThatThrownBy(() -> serverA.update(row(ALICE_PROD, 2), 1)).isInstanceOf(ConflictException.class);
    assertThat(serverA.find(ALICE_PROD).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void readRacingALocalUpdate_isNotCached() {
    database.create(row(ALICE_PROD, 1));
    // While server A reads version 1, an update through A itself lands: the read must not be kept.
    counted.duringNextFind = () -> serverA.update(row(ALICE_PROD, 2), 1);
    assertThat(serverA.find(ALICE_PROD).orElseThrow().version()).isEqualTo(1);
    assertThat(serverA.find(ALICE_PROD).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void invalidateOwner_dropsOnlyThatOwnersRows() {
    CredentialRef bob = new CredentialRef("bob", "prod");
    database.create(row(ALICE_PROD, 1));
    database.create(row(bob, 1));
    serverA.find(ALICE_PROD);
    serverA.oldest("alice");
    serverA.find(bob);

    serverA.invalidateOwner("alice");

    assertThat(serverA.stats().size()).isEqualTo(1);
    database.delete(ALICE_PROD);
    assertThat(serverA.find(ALICE_PROD)).isEmpty();
    assertThat(serverA.oldest("alice")).isEmpty();
    assertThat(serverA.find(bob)).isPresent();
  }

  @Test
  void size_isBounded_leastRecentlyUsedGoesFirst() {
    CachingCredentialStore small = new CachingCredentialStore(counted, TTL, 2, nanos::get);
    CredentialRef one = new CredentialRef("alice", "one");
    CredentialRef two = new CredentialRef("alice", "two");
    CredentialRef three = new CredentialRef("alice", "three");
    database.create(row(one, 1));
    database.create(row(two, 1));
    database.create(row(three, 1));
    small.find(one);
    small.find(two);
    small.find(one);
    small.find(three);

    assertThat(small.stats().size()).isEqualTo(2);
    int before = counted.finds.get();
    small.find(one);
    small.find(three);
    assertThat(counted.finds.get()).as("one and three still cached").isEqualTo(before);
    small.find(two);
    assertThat(counted.finds.get()).as("two was evicted").isEqualTo(before + 1);
  }

  @Test
  void zeroTtl_readsTheStoreEveryTime() {
    CachingCredentialStore off = new CachingCredentialStore(counted, Duration.ZERO, 10, nanos::get);
    database.create(row(ALICE_PROD, 1));
    off.find(ALICE_PROD);
    off.find(ALICE_PROD);
    assertThat(counted.finds.get()).isEqualTo(2);
    assertThat(off.stats().size()).isZero();
  }

  @Test
  void toString_namesCountsNotRows() {
    database.create(row(ALICE_PROD, 1));
    serverA.find(ALICE_PROD);
    assertThat(serverA.toString()).contains("size=1").doesNotContain("alice").doesNotContain("prod");
  }

  @Test
  void badSettings_areRefused() {
    assertThatThrownBy(() -> new CachingCredentialStore(database, Duration.ofSeconds(-1), 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CachingCredentialStore(database, TTL, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static SealedCredential row(CredentialRef ref, long version) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new SealedCredential(ref, new byte[] {1, 2, (byte) version}, new byte[] {3, 4}, null, "us-east-1",
        null, false, t, t.plusSeconds(version), version);
  }

  /** Forwards to a real store and counts reads; can run one action in the middle of the next find. */
  private static final class CountingStore implements CredentialStore {
    final CredentialStore target;
    final java.util.concurrent.atomic.AtomicInteger finds = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger oldests = new java.util.concurrent.atomic.AtomicInteger();
    Runnable duringNextFind;

    CountingStore(CredentialStore target) {
      this.target = target;
    }

    @Override
    public void create(SealedCredential credential) {
      target.create(credential);
    }

    @Override
    public Optional<SealedCredential> find(CredentialRef ref) {
      finds.incrementAndGet();
      Optional<SealedCredential> row = target.find(ref);
      Runnable r = duringNextFind;
      if (r != null) {
        duringNextFind = null;
        r.run();
      }
      return row;
    }

    @Override
    public List<SealedCredential> list(String owner) {
      return target.list(owner);
    }

    @Override
    public Optional<SealedCredential> oldest(String owner) {
      oldests.incrementAndGet();
      return target.oldest(owner);
    }

    @Override
    public void update(SealedCredential replacement, long expectedVersion) {
      target.update(replacement, expectedVersion);
    }

    @Override
    public boolean delete(CredentialRef ref) {
      return target.delete(ref);
    }

    @Override
    public List<CredentialRef> listAllRefs() {
      return target.listAllRefs();
    }
  }
}
