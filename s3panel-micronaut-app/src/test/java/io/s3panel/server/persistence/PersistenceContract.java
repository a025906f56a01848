package io.s3panel.server.persistence;

import io.s3panel.server.Concurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.jdbc.DataSourceResolver;
import io.s3panel.core.ConflictException;
import io.s3panel.core.NotFoundException;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.SealedCredential;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The persistence behaviour every supported database must show. Subclasses supply a fresh, empty database;
 * the application context runs the Flyway migration on it, as the server does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PersistenceContract {
  /** Database time has microsecond precision; test instants are truncated so they round-trip exactly. */
  private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  private ApplicationContext context;
  private JdbcCredentialStore credentials;
  private UserRepository users;
  private RefreshFamilyRepository families;
  private LoginThrottleRepository throttle;
  private TaskRepository tasks;
  private CredentialHealthRepository health;

  /** Datasource properties of a fresh database for this class. */
  abstract Map<String, Object> datasourceProperties() throws Exception;

  /** Drops what {@link #datasourceProperties} created; called after the context is closed. */
  void dropDatabase() throws Exception {}

  @BeforeAll
  void startContext() throws Exception {
    Map<String, Object> properties = io.s3panel.server.TestProperties.with(datasourceProperties());
    properties.put("s3panel.tasks.dispatch", false); // queued rows of these tests must stay queued
    context = ApplicationContext.run(properties);
    credentials = context.getBean(JdbcCredentialStore.class);
    users = context.getBean(UserRepository.class);
    families = context.getBean(RefreshFamilyRepository.class);
    throttle = context.getBean(LoginThrottleRepository.class);
    tasks = context.getBean(TaskRepository.class);
    health = context.getBean(CredentialHealthRepository.class);
  }

  @AfterAll
  void stopContext() throws Exception {
    if (context != null) {
      context.close();
    }
    dropDatabase();
  }

  // ---- credential sets ---------------------------------------------------------------------------

  @Test
  void credentialCreate_thenFind_returnsEveryFieldAsStored() {
    String owner = newOwner();
    SealedCredential stored = sealed(owner, "main", BASE, 1, true);

    credentials.create(stored);

    assertThat(credentials.find(new CredentialRef(owner, "main"))).contains(stored);
    assertThat(credentials.find(new CredentialRef(owner, "other"))).isEmpty();
  }

  @Test
  void credentialCreate_withoutSessionTokenAndEndpoint_keepsThemAbsent() {
    String owner = newOwner();
    SealedCredential stored = sealed(owner, "plain", BASE, 1, false);

    credentials.create(stored);

    SealedCredential found = credentials.find(stored.ref()).orElseThrow();
    assertThat(found.sealedSessionToken()).isNull();
    assertThat(found.endpointUrl()).isEmpty();
    assertThat(found).isEqualTo(stored);
  }

  @Test
  void credentialCreate_duplicateIdentifierForSameOwner_conflicts() {
    String owner = newOwner();
    credentials.create(sealed(owner, "dup", BASE, 1, false));

    assertThatThrownBy(() -> credentials.create(sealed(owner, "dup", BASE.plusSeconds(1), 1, true)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("dup");
    assertThat(credentials.list(owner)).hasSize(1);
  }

  @Test
  void credentialCreate_sameIdentifierForAnotherOwner_isAllowed() {
    String alice = newOwner();
    String bob = newOwner();
    credentials.create(sealed(alice, "shared", BASE, 1, false));

    credentials.create(sealed(bob, "shared", BASE, 1, true));

    assertThat(credentials.find(new CredentialRef(alice, "shared")).orElseThrow().sealedSessionToken()).isNull();
    assertThat(credentials.find(new CredentialRef(bob, "shared")).orElseThrow().sealedSessionToken()).isNotNull();
  }

  @Test
  void credentialCreate_concurrentSameIdentifier_exactlyOneWins() throws Exception {
    String owner = newOwner();
    List<Boolean> outcomes = Concurrently.run(10, i -> {
      try {
        credentials.create(sealed(owner, "race", BASE, 1, false));
        return true;
      } catch (ConflictException expected) {
        return false;
      }
    });

    assertThat(outcomes).containsOnlyOnce(true);
    assertThat(credentials.list(owner)).hasSize(1);
  }

  @Test
  void credentialCreate_forUnknownOwner_isNotFound() {
    assertThatThrownBy(() -> credentials.create(sealed("999999999", "ghost", BASE, 1, false)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> credentials.create(sealed("not-a-user-id", "ghost", BASE, 1, false)))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void credentialList_isOldestFirstThenByIdentifier_andScopedToOwner() {
    String owner = newOwner();
    String other = newOwner();
    credentials.create(sealed(owner, "zeta", BASE.plusSeconds(30), 1, false));
    credentials.create(sealed(owner, "beta", BASE.plusSeconds(10), 1, false));
    credentials.create(sealed(owner, "alpha", BASE.plusSeconds(10), 1, false));
    credentials.create(sealed(owner, "first", BASE, 1, false));
    credentials.create(sealed(other, "elder", BASE.minusSeconds(60), 1, false));

    assertThat(credentials.list(owner)).extracting(SealedCredential::identifier)
        .containsExactly("first", "alpha", "beta", "zeta");
    assertThat(credentials.oldest(owner)).map(SealedCredential::identifier).contains("first");
    assertThat(credentials.list(newOwner())).isEmpty();
    assertThat(credentials.oldest(newOwner())).isEmpty();
    assertThat(credentials.list("nobody")).isEmpty();
  }

  @Test
  void credentialUpdate_withCurrentVersion_replacesMutableFields() {
    String owner = newOwner();
    SealedCredential original = sealed(owner, "rotating", BASE, 1, true);
    credentials.create(original);
    SealedCredential replacement = new SealedCredential(original.ref(), bytes("new-akid"), bytes("new-secret"), null,
        "eu-west-3", "https://s3.example.test", false, original.createdAt(), BASE.plusSeconds(5), 2);

    credentials.update(replacement, 1);

    assertThat(credentials.find(original.ref())).contains(replacement);
  }

  @Test
  void credentialUpdate_withStaleVersion_conflictsAndKeepsStoredSet() {
    String owner = newOwner();
    SealedCredential original = sealed(owner, "contended", BASE, 1, false);
    credentials.create(original);
    credentials.update(withVersion(original, 2), 1);

    assertThatThrownBy(() -> credentials.update(withVersion(original, 3), 1))
        .isInstanceOf(ConflictException.class);
    assertThat(credentials.find(original.ref()).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void credentialUpdate_ofMissingSet_isNotFound() {
    String owner = newOwner();
    assertThatThrownBy(() -> credentials.update(withVersion(sealed(owner, "missing", BASE, 1, false), 2), 1))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> credentials.update(withVersion(sealed("nobody", "missing", BASE, 1, false), 2), 1))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void credentialUpdate_concurrentWithSameVersion_exactlyOneWins() throws Exception {
    String owner = newOwner();
    SealedCredential original = sealed(owner, "hot", BASE, 1, false);
    credentials.create(original);

    List<Boolean> outcomes = Concurrently.run(10, i -> {
      try {
        credentials.update(withVersion(original, 2), 1);
        return true;
      } catch (ConflictException expected) {
        return false;
      }
    });

    assertThat(outcomes).containsOnlyOnce(true);
  }

  @Test
  void credentialUpdate_versionNotIncreasing_isRejected() {
    String owner = newOwner();
    SealedCredential original = sealed(owner, "same", BASE, 1, false);
    credentials.create(original);

    assertThatThrownBy(() -> credentials.update(original, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void credentialDelete_removesOnlyThatSet_andReportsWhetherItExisted() {
    String owner = newOwner();
    credentials.create(sealed(owner, "keep", BASE, 1, false));
    credentials.create(sealed(owner, "drop", BASE, 1, false));

    assertThat(credentials.delete(new CredentialRef(owner, "drop"))).isTrue();
    assertThat(credentials.delete(new CredentialRef(owner, "drop"))).isFalse();
    assertThat(credentials.delete(new CredentialRef("nobody", "keep"))).isFalse();
    assertThat(credentials.list(owner)).extracting(SealedCredential::identifier).containsExactly("keep");
  }

  @Test
  void credentialListAllRefs_namesEverySetOfEveryOwner() {
    String alice = newOwner();
    String bob = newOwner();
    credentials.create(sealed(alice, "one", BASE, 1, false));
    credentials.create(sealed(alice, "two", BASE, 1, false));
    credentials.create(sealed(bob, "one", BASE, 1, false));

    assertThat(credentials.listAllRefs()).contains(
        new CredentialRef(alice, "one"), new CredentialRef(alice, "two"), new CredentialRef(bob, "one"));
  }

  @Test
  void deletingUser_cascadesToCredentialSets() {
    String owner = newOwner();
    credentials.create(sealed(owner, "doomed", BASE, 1, false));

    assertThat(users.deleteById(Long.parseLong(owner))).isEqualTo(1);

    assertThat(credentials.list(owner)).isEmpty();
    assertThat(credentials.listAllRefs()).doesNotContain(new CredentialRef(owner, "doomed"));
  }

  // ---- users ------------------------------------------------------------------------------------

  @Test
  void timestamps_areStoredAsTheAbsoluteInstant_whateverTheJvmTimeZone() throws Exception {
    Instant created = Instant.parse("2024-03-31T01:30:00.123456Z");
    User user = users.insert(User.newUser("tz" + unique(), "hash", created));

    try (Connection c = rawDataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT created_at FROM users WHERE id = ?")) {
      ps.setLong(1, user.id());
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getObject(1, OffsetDateTime.class).toInstant()).isEqualTo(created);
      }
    }
    assertThat(users.findById(user.id()).orElseThrow().createdAt()).isEqualTo(created);
  }

  @Test
  void userInsert_assignsId_andFindsByLowerCaseName() {
    String name = "Alice." + unique();
    User inserted = users.insert(User.newUser(name, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", BASE));

    assertThat(inserted.id()).isNotNull();
    assertThat(users.findByUsernameLower(User.lower(name))).contains(inserted);
    assertThat(users.findById(inserted.id())).contains(inserted);
    assertThat(inserted.toString()).doesNotContain("argon2");
  }

  @Test
  void userInsert_sameNameInOtherCase_conflicts() {
    String name = "Bob" + unique();
    users.insert(User.newUser(name, "hash", BASE));

    assertThatThrownBy(() -> users.insert(User.newUser(name.toUpperCase(Locale.ROOT), "hash", BASE)))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void userInsert_concurrentSameName_exactlyOneWins() throws Exception {
    String name = "carol" + unique();
    List<Boolean> outcomes = Concurrently.run(10, i -> {
      try {
        users.insert(User.newUser(i % 2 == 0 ? name : name.toUpperCase(Locale.ROOT), "hash", BASE));
        return true;
      } catch (ConflictException expected) {
        return false;
      }
    });

    assertThat(outcomes).containsOnlyOnce(true);
  }

  @Test
  void userUpdatePassword_changesHashAndTime() {
    User user = users.insert(User.newUser("dave" + unique(), "old-hash", BASE));

    assertThat(users.updatePassword(user.id(), "new-hash", BASE.plusSeconds(60))).isEqualTo(1);

    User changed = users.findById(user.id()).orElseThrow();
    assertThat(changed.passwordHash()).isEqualTo("new-hash");
    assertThat(changed.passwordChangedAt()).isEqualTo(BASE.plusSeconds(60));
    assertThat(users.updatePassword(Long.MAX_VALUE, "x", BASE)).isZero();
  }

  // ---- refresh families -------------------------------------------------------------------------

  /** Rotates with the new token issued at {@code now} for one hour. */
  private int rotate(String id, String oldJti, String newJti, Instant now) {
    return families.rotate(id, oldJti, newJti, now, now.plus(Duration.ofHours(1)), now);
  }

  @Test
  void refreshRotate_withCurrentJti_movesToNewJti_andOldJtiNoLongerRotates() {
    long user = Long.parseLong(newOwner());
    String id = unique();
    families.save(RefreshFamily.start(id, user, "jti-1", BASE, BASE.plus(Duration.ofDays(1))));

    assertThat(rotate(id, "jti-1", "jti-2", BASE.plusSeconds(1))).isEqualTo(1);
    assertThat(rotate(id, "jti-1", "jti-3", BASE.plusSeconds(2))).isZero();
    assertThat(families.findById(id).orElseThrow().currentJti()).isEqualTo("jti-2");
  }

  @Test
  void refreshRotate_keepsThePreviousJti_andWhatReissuesTheCurrentToken() {
    long user = Long.parseLong(newOwner());
    String id = unique();
    families.save(RefreshFamily.start(id, user, "jti-1", BASE, BASE.plus(Duration.ofDays(1))));

    assertThat(families.rotate(id, "jti-1", "jti-2", BASE.plusSeconds(1), BASE.plusSeconds(3601), BASE.plusSeconds(1)))
        .isEqualTo(1);

    RefreshFamily f = families.findById(id).orElseThrow();
    assertThat(f.currentJti()).isEqualTo("jti-2");
    assertThat(f.previousJti()).isEqualTo("jti-1");
    assertThat(f.rotatedAt()).isEqualTo(BASE.plusSeconds(1));
    assertThat(f.currentIssuedAt()).isEqualTo(BASE.plusSeconds(1));
    assertThat(f.currentExpiresAt()).isEqualTo(BASE.plusSeconds(3601));
  }

  @Test
  void refreshRotate_twentyConcurrentWithSameOldJti_exactlyOneWins() throws Exception {
    long user = Long.parseLong(newOwner());
    String id = unique();
    families.save(RefreshFamily.start(id, user, "old", BASE, BASE.plus(Duration.ofDays(1))));

    List<Integer> changed = Concurrently.run(20, i -> rotate(id, "old", "new-" + i, BASE.plusSeconds(1)));

    assertThat(changed).containsOnly(0, 1);
    assertThat(changed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
    int winner = changed.indexOf(1);
    assertThat(families.findById(id).orElseThrow().currentJti()).isEqualTo("new-" + winner);
  }

  @Test
  void refreshRotate_pastAbsoluteExpiry_fails() {
    long user = Long.parseLong(newOwner());
    String id = unique();
    families.save(RefreshFamily.start(id, user, "jti", BASE, BASE.plusSeconds(60)));

    assertThat(rotate(id, "jti", "later", BASE.plusSeconds(60))).isZero();
    assertThat(families.findById(id).orElseThrow().isLive(BASE.plusSeconds(60))).isFalse();
  }

  @Test
  void refreshRevoke_stopsRotation_andKeepsFirstReason() {
    long user = Long.parseLong(newOwner());
    String id = unique();
    families.save(RefreshFamily.start(id, user, "jti", BASE, BASE.plus(Duration.ofDays(1))));

    assertThat(families.revoke(id, "reuse", BASE.plusSeconds(1))).isEqualTo(1);
    assertThat(families.revoke(id, "logout", BASE.plusSeconds(2))).isZero();

    assertThat(rotate(id, "jti", "next", BASE.plusSeconds(3))).isZero();
    RefreshFamily revoked = families.findById(id).orElseThrow();
    assertThat(revoked.revokedReason()).isEqualTo("reuse");
    assertThat(revoked.revokedAt()).isEqualTo(BASE.plusSeconds(1));
    assertThat(revoked.isLive(BASE.plusSeconds(3))).isFalse();
  }

  @Test
  void refreshRevokeAllOfUser_revokesEveryLiveFamilyOfThatUserOnly() {
    long user = Long.parseLong(newOwner());
    long other = Long.parseLong(newOwner());
    String a = unique();
    String b = unique();
    String c = unique();
    Instant expires = BASE.plus(Duration.ofDays(1));
    families.save(RefreshFamily.start(a, user, "a", BASE, expires));
    families.save(RefreshFamily.start(b, user, "b", BASE, expires));
    families.save(RefreshFamily.start(c, other, "c", BASE, expires));

    assertThat(families.revokeAllOfUser(user, "password_changed", BASE.plusSeconds(1))).isEqualTo(2);

    assertThat(families.findById(a).orElseThrow().revokedReason()).isEqualTo("password_changed");
    assertThat(families.findById(b).orElseThrow().revokedAt()).isNotNull();
    assertThat(families.findById(c).orElseThrow().isLive(BASE.plusSeconds(1))).isTrue();
  }

  // ---- login throttle ---------------------------------------------------------------------------

  @Test
  void throttleCountAttempt_countsUpToTheLimit_refusesUntilTheWindowEnds_thenRestartsAtOne() {
    String name = "eve" + unique();
    Duration window = Duration.ofMinutes(15);

    for (int i = 0; i < 3; i++) {
      assertThat(throttle.countAttempt(name, BASE.plusSeconds(i), window, 3)).as("attempt %d", i + 1).isEmpty();
    }
    assertThat(throttle.findById(name).orElseThrow().failures()).isEqualTo(3);
    assertThat(throttle.countAttempt(name, BASE.plusSeconds(10), window, 3)).contains(BASE.plus(window));
    assertThat(throttle.findById(name).orElseThrow().failures()).as("a refused attempt is not counted").isEqualTo(3);

    Instant later = BASE.plus(window);
    assertThat(throttle.countAttempt(name, later, window, 3)).as("the window is over").isEmpty();
    LoginThrottle restarted = throttle.findById(name).orElseThrow();
    assertThat(restarted.failures()).isEqualTo(1);
    assertThat(restarted.windowStartedAt()).isEqualTo(later);
  }

  @Test
  void throttleCountAttempt_twentyConcurrentOnNewAccount_countExactlyTheLimit() throws Exception {
    String name = "mallory" + unique();

    List<Boolean> counted = Concurrently.run(20,
        i -> throttle.countAttempt(name, BASE, Duration.ofMinutes(15), 10).isEmpty());

    assertThat(counted).filteredOn(c -> c).hasSize(10);
    assertThat(throttle.findById(name).orElseThrow().failures()).isEqualTo(10);
  }

  @Test
  void throttleReset_forgetsEverything() {
    String name = "frank" + unique();
    throttle.countAttempt(name, BASE, Duration.ofMinutes(15), 1);
    assertThat(throttle.countAttempt(name, BASE, Duration.ofMinutes(15), 1)).isPresent();

    assertThat(throttle.deleteById(name)).isEqualTo(1);
    assertThat(throttle.findById(name)).isEmpty();
    assertThat(throttle.deleteById(name)).isZero();
    assertThat(throttle.countAttempt(name, BASE, Duration.ofMinutes(15), 1)).isEmpty();
  }

  @Test
  void throttlePurge_deletesFinishedWindowsOnly() {
    String old = "old" + unique();
    String current = "current" + unique();
    throttle.countAttempt(old, BASE.minus(Duration.ofHours(2)), Duration.ofMinutes(15), 10);
    throttle.countAttempt(current, BASE, Duration.ofMinutes(15), 10);

    assertThat(throttle.deleteWindowsStartedBy(BASE.minus(Duration.ofHours(1)))).isEqualTo(1);
    assertThat(throttle.findById(old)).isEmpty();
    assertThat(throttle.findById(current)).isPresent();
  }

  @Test
  void refreshPurge_deletesExpiredAndLongRevokedFamilies_keepsLiveAndRecentlyRevoked() {
    long user = Long.parseLong(newOwner());
    String expired = unique();
    String live = unique();
    String revokedLongAgo = unique();
    String revokedRecently = unique();
    Instant past = BASE.minus(Duration.ofDays(40));
    families.save(RefreshFamily.start(expired, user, "a", past, BASE.minus(Duration.ofDays(10))));
    families.save(RefreshFamily.start(live, user, "b", BASE, BASE.plus(Duration.ofDays(30))));
    families.save(RefreshFamily.start(revokedLongAgo, user, "c", past, BASE.plus(Duration.ofDays(30))));
    families.save(RefreshFamily.start(revokedRecently, user, "d", past, BASE.plus(Duration.ofDays(30))));
    families.revoke(revokedLongAgo, "reuse", BASE.minus(Duration.ofDays(3)));
    families.revoke(revokedRecently, "reuse", BASE.minus(Duration.ofHours(1)));

    assertThat(families.deleteExpiredBefore(BASE.minus(Duration.ofDays(5)))).isEqualTo(1);
    assertThat(families.deleteRevokedBefore(BASE.minus(Duration.ofDays(1)))).isEqualTo(1);

    assertThat(families.findById(expired)).isEmpty();
    assertThat(families.findById(revokedLongAgo)).isEmpty();
    assertThat(families.findById(live)).isPresent();
    assertThat(families.findById(revokedRecently)).isPresent();
  }

  // ---- tasks -------------------------------------------------------------------------------------

  @Test
  void task_isFoundOnlyByItsOwner() {
    long user = Long.parseLong(newOwner());
    long other = Long.parseLong(newOwner());
    String id = unique();
    TaskRow task = tasks.save(TaskRow.running(id, user, TaskKind.STATISTICS, "main", "instance-a", BASE));

    assertThat(tasks.findByIdAndUserId(id, user)).contains(task);
    assertThat(tasks.findByIdAndUserId(id, other)).isEmpty();
  }

  @Test
  void taskProgressAndFinish_recordProgress_andFinishedTaskStaysFinished() {
    long user = Long.parseLong(newOwner());
    String id = unique();
    tasks.save(TaskRow.running(id, user, TaskKind.STATISTICS, "main", "instance-a", BASE));
    String result = "{\"buckets\":[{\"name\":\"b\",\"objects\":42}],\"note\":\"" + "x".repeat(5000) + "\"}";
    String progress = "{\"buckets_done\":1,\"buckets_total\":3,\"objects_counted\":42}";

    assertThat(tasks.updateProgress(id, progress, BASE.plusSeconds(1))).isEqualTo(1);
    assertThat(tasks.finish(id, TaskStatus.COMPLETED, result, null, BASE.plusSeconds(2))).isEqualTo(1);
    assertThat(tasks.finish(id, TaskStatus.FAILED, null, "too late", BASE.plusSeconds(3))).isZero();
    assertThat(tasks.updateProgress(id, "{\"buckets_done\":2}", BASE.plusSeconds(4))).isZero();

    TaskRow done = tasks.findByIdAndUserId(id, user).orElseThrow();
    assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(done.kind()).isEqualTo(TaskKind.STATISTICS);
    assertThat(done.progressJson()).isEqualTo(progress);
    assertThat(done.resultJson()).isEqualTo(result);
    assertThat(done.message()).isNull();
    assertThat(done.finishedAt()).isEqualTo(BASE.plusSeconds(2));
  }

  @Test
  void taskFailStale_failsOnlyRunningTasksWithOldHeartbeat() {
    long user = Long.parseLong(newOwner());
    Instant now = BASE.plus(Duration.ofDays(100)); // later than every other test's rows
    tasks.failStale(now.minus(Duration.ofMinutes(5)), "left by other tests", now);
    String stale = unique();
    String fresh = unique();
    String completed = unique();
    tasks.save(TaskRow.running(stale, user, TaskKind.STATISTICS, "main", "dead-instance", now.minus(Duration.ofMinutes(10))));
    tasks.save(TaskRow.running(fresh, user, TaskKind.BATCH, "main", "live-instance", now.minus(Duration.ofMinutes(1))));
    tasks.save(TaskRow.running(completed, user, TaskKind.STATISTICS, "main", "dead-instance",
        now.minus(Duration.ofMinutes(20))));
    tasks.finish(completed, TaskStatus.COMPLETED, "{}", null, now.minus(Duration.ofMinutes(19)));
    Instant cutoff = now.minus(Duration.ofMinutes(5));

    int claimed = tasks.failStale(cutoff, "The server running this task stopped.", now);

    assertThat(claimed).isEqualTo(1);
    TaskRow failed = tasks.findByIdAndUserId(stale, user).orElseThrow();
    assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(failed.message()).isEqualTo("The server running this task stopped.");
    assertThat(failed.finishedAt()).isEqualTo(now);
    assertThat(tasks.findByIdAndUserId(fresh, user).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(tasks.findByIdAndUserId(completed, user).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(tasks.failStale(cutoff, "again", now)).isZero();
  }

  @Test
  void taskFailStale_concurrentSweepers_claimEachTaskOnce() throws Exception {
    long user = Long.parseLong(newOwner());
    Instant now = BASE.plus(Duration.ofDays(200)); // later than every other test's rows
    tasks.failStale(now.minus(Duration.ofMinutes(5)), "left by other tests", now);
    for (int i = 0; i < 5; i++) {
      tasks.save(TaskRow.running(unique(), user, TaskKind.STATISTICS, "main", "dead", now.minus(Duration.ofMinutes(30))));
    }

    List<Integer> claimed = Concurrently.run(8, i -> tasks.failStale(now.minus(Duration.ofMinutes(5)), "stale", now));

    assertThat(claimed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
  }

  @Test
  void taskClaim_byEightInstancesAtOnce_succeedsForExactlyOne() throws Exception {
    long user = Long.parseLong(newOwner());
    String id = unique();
    tasks.save(TaskRow.queued(id, user, TaskKind.STATISTICS, "main", null, null, "{}", BASE));

    List<Integer> claimed = Concurrently.run(8, i -> tasks.claim(id, "instance-" + i, BASE.plusSeconds(1)));

    assertThat(claimed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
    TaskRow row = tasks.findByIdAndUserId(id, user).orElseThrow();
    assertThat(row.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(row.ownerInstance()).isEqualTo("instance-" + claimed.indexOf(1));
    assertThat(row.heartbeatAt()).isEqualTo(BASE.plusSeconds(1));
  }

  @Test
  void nextQueued_isFairAcrossUsers_fewerRunningFirst_thenOldest_andSkipsUsersAtTheirRunningCap() {
    drainQueue();
    long flooder = Long.parseLong(newOwner());
    long other = Long.parseLong(newOwner());
    tasks.save(TaskRow.running(unique(), flooder, TaskKind.STATISTICS, "s0", "instance-a", BASE));
    List<String> flood = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = unique();
      flood.add(id);
      tasks.save(TaskRow.queued(id, flooder, TaskKind.BATCH, "s" + i, null, null, "{}", BASE.plusSeconds(i)));
    }
    String first = unique();
    tasks.save(TaskRow.queued(first, other, TaskKind.STATISTICS, "main", null, null, "{}", BASE.plusSeconds(60)));

    // The other user's first task goes before the flooder's older ones: the flooder already runs one.
    assertThat(tasks.nextQueued(2).map(TaskRow::id)).contains(first);
    assertThat(tasks.claim(first, "instance-a", BASE.plusSeconds(61))).isEqualTo(1);
    // Both run one now: the oldest queued task is next.
    assertThat(tasks.nextQueued(2).map(TaskRow::id)).contains(flood.get(0));
    // A user already running as many as allowed is skipped entirely.
    assertThat(tasks.nextQueued(1)).isEmpty();
    drainQueue();
  }

  @Test
  void activeKey_isUniqueWhileQueuedOrRunning_andFreeAgainOnceFinished() {
    long user = Long.parseLong(newOwner());
    String key = "statistics:" + user + ":main";
    String id = unique();
    tasks.save(TaskRow.queued(id, user, TaskKind.STATISTICS, "main", key, null, "{}", BASE));

    assertThat(tasks.findByActiveKey(key).map(TaskRow::id)).contains(id);
    assertThatThrownBy(() -> tasks.save(TaskRow.queued(unique(), user, TaskKind.STATISTICS, "main", key, null, "{}",
        BASE))).isInstanceOf(RuntimeException.class);
    assertThat(tasks.claim(id, "instance-a", BASE.plusSeconds(1))).isEqualTo(1);
    assertThat(tasks.finish(id, TaskStatus.COMPLETED, "{}", null, BASE.plusSeconds(2))).isEqualTo(1);

    assertThat(tasks.findByActiveKey(key)).isEmpty();
    String again = unique();
    tasks.save(TaskRow.queued(again, user, TaskKind.STATISTICS, "main", key, null, "{}", BASE.plusSeconds(3)));
    assertThat(tasks.findByActiveKey(key).map(TaskRow::id)).contains(again);
    assertThat(tasks.cancelQueued(again, BASE.plusSeconds(4))).isEqualTo(1);
  }

  @Test
  void cancel_queuedTaskEndsAtOnceWithItsProgress_runningTaskIsFlaggedForItsInstance_finishedIsUntouched() {
    long user = Long.parseLong(newOwner());
    String queued = unique();
    String running = unique();
    String done = unique();
    tasks.save(TaskRow.queued(queued, user, TaskKind.BATCH, "main", null, null, "{\"objects_done\":0}", BASE));
    tasks.save(TaskRow.running(running, user, TaskKind.STATISTICS, "main", "instance-c", BASE));
    tasks.save(TaskRow.running(done, user, TaskKind.STATISTICS, "main", "instance-c", BASE));
    tasks.finish(done, TaskStatus.COMPLETED, "{}", null, BASE.plusSeconds(1));

    assertThat(tasks.cancelQueued(queued, BASE.plusSeconds(2))).isEqualTo(1);
    assertThat(tasks.cancelQueued(queued, BASE.plusSeconds(3))).isZero();
    assertThat(tasks.requestCancel(running, BASE.plusSeconds(2))).isEqualTo(1);
    assertThat(tasks.requestCancel(done, BASE.plusSeconds(2))).isZero();

    TaskRow cancelled = tasks.findByIdAndUserId(queued, user).orElseThrow();
    assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(cancelled.resultJson()).isEqualTo("{\"objects_done\":0}");
    assertThat(tasks.cancelRequestedOn("instance-c")).containsExactly(running);
    assertThat(tasks.cancelRequestedOn("instance-other")).isEmpty();
  }

  @Test
  void listAndCount_areScopedToTheUser_newestFirst_limited_andFilteredByStatus() {
    long user = Long.parseLong(newOwner());
    long other = Long.parseLong(newOwner());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = unique();
      ids.add(id);
      tasks.save(TaskRow.queued(id, user, TaskKind.STATISTICS, "s" + i, null, null, "{}", BASE.plusSeconds(i)));
    }
    tasks.save(TaskRow.queued(unique(), other, TaskKind.STATISTICS, "x", null, null, "{}", BASE));
    tasks.cancelQueued(ids.get(0), BASE.plusSeconds(10));

    assertThat(tasks.listByUser(user, 3)).extracting(TaskRow::id).containsExactly(ids.get(4), ids.get(3), ids.get(2));
    assertThat(tasks.listByUserAndStatus(user, TaskStatus.CANCELLED, 10)).extracting(TaskRow::id).containsExactly(ids.get(0));
    assertThat(tasks.countActiveByUser(user)).isEqualTo(4);
    assertThat(tasks.countActiveByUser(other)).isEqualTo(1);
    ids.forEach(id -> tasks.cancelQueued(id, BASE.plusSeconds(11)));
    tasks.listByUser(other, 10).forEach(t -> tasks.cancelQueued(t.id(), BASE.plusSeconds(11)));
  }

  @Test
  void deleteFinishedBefore_purgesOnlyFinishedTasksPastTheCutoff() {
    long user = Long.parseLong(newOwner());
    Instant now = BASE.plus(Duration.ofDays(30));
    String old = unique();
    String recent = unique();
    String stillRunning = unique();
    tasks.save(TaskRow.running(old, user, TaskKind.STATISTICS, "main", "i", now.minus(Duration.ofDays(9))));
    tasks.finish(old, TaskStatus.COMPLETED, "{}", null, now.minus(Duration.ofDays(8)));
    tasks.save(TaskRow.running(recent, user, TaskKind.STATISTICS, "main", "i", now.minus(Duration.ofDays(2))));
    tasks.finish(recent, TaskStatus.FAILED, null, "x", now.minus(Duration.ofDays(1)));
    tasks.save(TaskRow.running(stillRunning, user, TaskKind.STATISTICS, "main", "i", now.minus(Duration.ofDays(9))));

    assertThat(tasks.deleteFinishedBefore(now.minus(Duration.ofDays(7)))).isGreaterThanOrEqualTo(1);

    assertThat(tasks.findByIdAndUserId(old, user)).isEmpty();
    assertThat(tasks.findByIdAndUserId(recent, user)).isPresent();
    assertThat(tasks.findByIdAndUserId(stillRunning, user)).isPresent();
  }

  // ---- credential health ------------------------------------------------------------------------

  @Test
  void healthRecord_keepsOneRowPerSet_theLatest_scopedToOwner() {
    String owner = newOwner();
    String other = newOwner();
    credentials.create(sealed(owner, "good", BASE, 1, false));
    credentials.create(sealed(owner, "bad", BASE, 1, false));
    credentials.create(sealed(owner, "unchecked", BASE, 1, false));
    credentials.create(sealed(other, "good", BASE, 1, false));
    long ownerId = Long.parseLong(owner);

    health.record(ownerId, "good", false, "aws_timeout", BASE, 5000);
    health.record(ownerId, "good", true, null, BASE.plusSeconds(60), 12);
    health.record(ownerId, "bad", false, "aws_invalid_credentials", BASE.plusSeconds(61), 30);
    health.record(ownerId, "missing", true, null, BASE, 1); // no such set: nothing recorded

    assertThat(health.listByOwner(ownerId)).containsExactlyInAnyOrder(
        new LastHealth("good", true, null, BASE.plusSeconds(60), 12),
        new LastHealth("bad", false, "aws_invalid_credentials", BASE.plusSeconds(61), 30));
    assertThat(health.listByOwner(Long.parseLong(other))).isEmpty();
    assertThat(countRows("SELECT COUNT(*) FROM credential_health h JOIN credential_sets c"
        + " ON c.id = h.credential_set_id WHERE c.owner_id = " + ownerId)).isEqualTo(2);
  }

  @Test
  void healthRecord_isForgottenWhenTheSetChanges_andDeletedWithIt() {
    String owner = newOwner();
    long ownerId = Long.parseLong(owner);
    SealedCredential set = sealed(owner, "rotating", BASE, 1, false);
    credentials.create(set);
    credentials.create(sealed(owner, "doomed", BASE, 1, false));
    health.record(ownerId, "rotating", false, "aws_invalid_credentials", BASE, 10);
    health.record(ownerId, "doomed", true, null, BASE, 10);

    credentials.update(withVersion(set, 2), 1);
    assertThat(credentials.delete(new CredentialRef(owner, "doomed"))).isTrue();

    assertThat(health.listByOwner(ownerId)).isEmpty();
    health.record(ownerId, "rotating", true, null, BASE.plusSeconds(5), 8);
    assertThat(health.listByOwner(ownerId)).containsExactly(new LastHealth("rotating", true, null, BASE.plusSeconds(5), 8));
    assertThat(countRows("SELECT COUNT(*) FROM credential_health h JOIN credential_sets c"
        + " ON c.id = h.credential_set_id WHERE c.owner_id = " + ownerId)).isEqualTo(1);
  }

  @Test
  void healthRecord_twentyConcurrentOnOneSet_leaveOneRow() throws Exception {
    String owner = newOwner();
    long ownerId = Long.parseLong(owner);
    credentials.create(sealed(owner, "busy", BASE, 1, false));

    Concurrently.run(20, i -> {
      health.record(ownerId, "busy", i % 2 == 0, i % 2 == 0 ? null : "aws_timeout", BASE.plusSeconds(i), i);
      return null;
    });

    assertThat(health.listByOwner(ownerId)).hasSize(1);
    assertThat(countRows("SELECT COUNT(*) FROM credential_health h JOIN credential_sets c"
        + " ON c.id = h.credential_set_id WHERE c.owner_id = " + ownerId)).isEqualTo(1);
  }

  private long countRows(String sql) throws RuntimeException {
    try (Connection c = rawDataSource().getConnection();
        PreparedStatement st = c.prepareStatement(sql);
        ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Cancels every queued task left by other tests, so queue-order assertions see only their own. */
  private void drainQueue() {
    for (int i = 0; i < 1000; i++) {
      var next = tasks.nextQueued(Integer.MAX_VALUE);
      if (next.isEmpty()) {
        return;
      }
      tasks.cancelQueued(next.get().id(), BASE);
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** The pool itself, outside Micronaut's transaction-bound connection proxy. */
  private DataSource rawDataSource() {
    return context.getBean(DataSourceResolver.class).resolve(context.getBean(DataSource.class));
  }

  /** Inserts a fresh user and returns its id as a credential owner. */
  private String newOwner() {
    return Long.toString(users.insert(User.newUser("user-" + unique(), "hash", BASE)).id());
  }

  private static String unique() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static SealedCredential sealed(String owner, String identifier, Instant createdAt, long version,
      boolean withTokenAndEndpoint) {
    return new SealedCredential(new CredentialRef(owner, identifier),
        bytes("sealed-akid-" + identifier), bytes("sealed-secret-" + identifier),
        withTokenAndEndpoint ? bytes("sealed-token-" + identifier) : null,
        "us-east-1", withTokenAndEndpoint ? "http://127.0.0.1:9000" : null, withTokenAndEndpoint,
        createdAt, createdAt, version);
  }

  private static SealedCredential withVersion(SealedCredential c, long version) {
    return new SealedCredential(c.ref(), c.sealedAccessKeyId(), c.sealedSecretAccessKey(), c.sealedSessionToken(),
        c.region(), c.endpoint(), c.pathStyle(), c.createdAt(), c.updatedAt().plusSeconds(version), version);
  }
}
