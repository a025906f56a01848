package io.s3panel.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.s3panel.core.ConflictException;
import io.s3panel.core.InvalidCredentialsException;
import io.s3panel.core.NotFoundException;
import io.s3panel.core.S3Account;
import io.s3panel.core.S3Panel;
import io.s3panel.core.ValidationException;
import io.s3panel.core.navigate.BucketSummary;
import io.s3panel.core.testing.Panels;
import io.s3panel.testing.S3ProxyServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two S3Proxy instances with different keys act as two AWS accounts. */
class CredentialManagerTest {
  static S3ProxyServer accountA;
  static S3ProxyServer accountB;

  InMemoryCredentialStore store;
  S3Panel panel;

  @BeforeAll
  static void startAccounts() {
    accountA = S3ProxyServer.start().bucket("a-photos").bucket("a-docs");
    accountB = S3ProxyServer.start().bucket("b-backups");
  }

  @AfterAll
  static void stopAccounts() {
    accountA.close();
    accountB.close();
  }

  @BeforeEach
  void newPanel() {
    store = new InMemoryCredentialStore();
    panel = Panels.builder().credentialStore(store).build();
  }

  @AfterEach
  void closePanel() {
    panel.close();
  }

  @Test
  void twoAccounts_eachSeesOnlyItsOwnBuckets() {
    panel.credentials().add("alice", "acct-a", Panels.credentials(accountA));
    panel.credentials().add("alice", "acct-b", Panels.credentials(accountB));
    assertThat(panel.account("alice", "acct-a").listBuckets()).extracting(BucketSummary::name)
        .containsExactly("a-docs", "a-photos");
    assertThat(panel.account("alice", "acct-b").listBuckets()).extracting(BucketSummary::name)
        .containsExactly("b-backups");
  }

  @Test
  void eachAccount_rejectsTheOthersKeys_andNothingIsStored() {
    CredentialSet aKeysAtB = Panels.credentials(accountA).toBuilder().endpoint(accountB.endpoint()).build();
    assertThatThrownBy(() -> panel.credentials().add("alice", "mixed", aKeysAtB))
        .isInstanceOf(InvalidCredentialsException.class)
        .hasMessageNotContaining(accountA.secretAccessKey())
        .hasMessageNotContaining(accountA.accessKeyId());
    CredentialSet wrongSecret = Panels.credentials(accountB).toBuilder().secretAccessKey("not-the-secret-at-all").build();
    assertThatThrownBy(() -> panel.credentials().add("alice", "wrong", wrongSecret))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThat(store.size()).isZero();
  }

  @Test
  void add_storesOnlyCiphertext_andListsMaskedOldestFirst() throws Exception {
    panel.credentials().add("alice", "first", Panels.credentials(accountA));
    Thread.sleep(5);
    panel.credentials().add("alice", "second", Panels.credentials(accountB));
    List<CredentialSummary> list = panel.credentials().list("alice");
    assertThat(list).extracting(CredentialSummary::identifier).containsExactly("first", "second");
    CredentialSummary first = list.get(0);
    assertThat(first.maskedAccessKeyId()).isEqualTo(Masking.mask(accountA.accessKeyId()));
    assertThat(first.maskedSecretAccessKey()).isEqualTo(Masking.mask(accountA.secretAccessKey()));
    assertThat(first.endpoint()).isEqualTo(accountA.endpoint().toString());
    assertThat(first.pathStyle()).isTrue();
    assertThat(first.readable()).isTrue();
    SealedCredential row = store.find(new CredentialRef("alice", "first")).orElseThrow();
    assertThat(new String(row.sealedSecretAccessKey(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(accountA.secretAccessKey());
    assertThat(panel.credentials().list("bob")).isEmpty();
  }

  @Test
  void identifiers_areUniquePerOwner_notGlobally() {
    panel.credentials().add("alice", "prod", Panels.credentials(accountA));
    assertThatThrownBy(() -> panel.credentials().add("alice", "prod", Panels.credentials(accountB)))
        .isInstanceOf(ConflictException.class);
    panel.credentials().add("bob", "prod", Panels.credentials(accountB));
    assertThat(panel.account("bob", "prod").listBuckets()).extracting(BucketSummary::name).containsExactly("b-backups");
    assertThat(panel.account("alice", "prod").listBuckets()).extracting(BucketSummary::name).contains("a-photos");
  }

  @Test
  void account_withoutIdentifier_usesTheOldestSet() throws Exception {
    panel.credentials().add("alice", "older", Panels.credentials(accountB));
    Thread.sleep(5);
    panel.credentials().add("alice", "newer", Panels.credentials(accountA));
    assertThat(panel.account("alice", null).identifier()).isEqualTo("older");
    assertThat(panel.account("alice", "").listBuckets()).extracting(BucketSummary::name).containsExactly("b-backups");
  }

  @Test
  void account_ofSomeoneElsesSet_isNotFoundLikeAMissingOne() {
    panel.credentials().add("alice", "prod", Panels.credentials(accountA));
    assertThatThrownBy(() -> panel.account("bob", "prod")).isInstanceOf(NotFoundException.class)
        .hasMessage("No AWS credential set named 'prod'.");
    assertThatThrownBy(() -> panel.account("bob", "nothing")).isInstanceOf(NotFoundException.class)
        .hasMessage("No AWS credential set named 'nothing'.");
    assertThatThrownBy(() -> panel.account("bob", null)).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no AWS credential sets");
    assertThatThrownBy(() -> panel.account("bob", "../bad id")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> panel.credentials().delete("bob", "prod")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> panel.credentials().update("bob", "prod", CredentialUpdate.builder().region("eu-west-1").build()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void update_revalidatesNewKeys_bumpsTheVersion_andTheNextCallUsesTheNewAccount() {
    panel.credentials().add("alice", "prod", Panels.credentials(accountA));
    S3Account before = panel.account("alice", "prod");
    assertThat(before.listBuckets()).extracting(BucketSummary::name).contains("a-photos");

    CredentialUpdate bad = CredentialUpdate.builder().secretAccessKey("wrong-secret-value-123").build();
    assertThatThrownBy(() -> panel.credentials().update("alice", "prod", bad))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThat(store.find(new CredentialRef("alice", "prod")).orElseThrow().version()).isEqualTo(1);

    CredentialSummary updated = panel.credentials().update("alice", "prod", CredentialUpdate.builder()
        .accessKeyId(accountB.accessKeyId())
        .secretAccessKey(accountB.secretAccessKey())
        .endpoint(accountB.endpoint())
        .build());
    assertThat(updated.version()).isEqualTo(2);
    assertThat(updated.maskedAccessKeyId()).isEqualTo(Masking.mask(accountB.accessKeyId()));
    assertThat(panel.account("alice", "prod").listBuckets()).extracting(BucketSummary::name).containsExactly("b-backups");
  }

  @Test
  void update_withNothingChanged_keepsTheVersion() {
    panel.credentials().add("alice", "prod", Panels.credentials(accountA));
    CredentialSummary same = panel.credentials().update("alice", "prod",
        CredentialUpdate.builder().region(S3ProxyServer.REGION).build());
    assertThat(same.version()).isEqualTo(1);
  }

  @Test
  void delete_removesTheSet_andItsAccountIsGone() {
    panel.credentials().add("alice", "prod", Panels.credentials(accountA));
    panel.account("alice", "prod").listBuckets();
    panel.credentials().delete("alice", "prod");
    assertThat(store.size()).isZero();
    assertThatThrownBy(() -> panel.account("alice", "prod")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> panel.credentials().delete("alice", "prod")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void customEndpoint_notOnTheAllowlist_isRefusedBeforeAnyCall() {
    S3Panel strict = Panels.builder().endpointPolicy(io.s3panel.core.connect.EndpointPolicy.awsOnly()).build();
    try {
      assertThatThrownBy(() -> strict.credentials().add("alice", "prod", Panels.credentials(accountA)))
          .isInstanceOf(ValidationException.class)
          .satisfies(e -> assertThat(((ValidationException) e).fieldErrors()).containsKey("endpoint"));
    } finally {
      strict.close();
    }
  }

  @Test
  void defaultEndpoint_appliesToSetsAddedWithoutOne_andIsTrusted() {
    S3Panel fronting = Panels.builder()
        .endpointPolicy(io.s3panel.core.connect.EndpointPolicy.awsOnly())
        .defaultEndpoint(accountA.endpoint(), true)
        .build();
    try {
      CredentialSet plain = CredentialSet.builder().accessKeyId(accountA.accessKeyId())
          .secretAccessKey(accountA.secretAccessKey()).region("us-east-1").build();
      CredentialSummary s = fronting.credentials().add("alice", "minio", plain);
      assertThat(s.endpoint()).isEqualTo(accountA.endpoint().toString());
      assertThat(fronting.account("alice", "minio").listBuckets()).extracting(BucketSummary::name).contains("a-docs");
    } finally {
      fronting.close();
    }
  }

  @Test
  void unreadableRow_isListedAsUnreadable_andOpeningItSaysSo() {
    panel.credentials().add("alice", "good", Panels.credentials(accountA));
    SealedCredential foreign = io.s3panel.core.vault.Vault.create(io.s3panel.core.vault.Keysets.generate())
        .seal(new CredentialRef("alice", "broken"), Panels.credentials(accountB), java.time.Instant.now(), java.time.Instant.now(), 1);
    store.create(foreign);
    List<CredentialSummary> list = panel.credentials().list("alice");
    assertThat(list).extracting(CredentialSummary::readable).containsExactly(true, false);
    assertThatThrownBy(() -> panel.account("alice", "broken"))
        .isInstanceOf(io.s3panel.core.CredentialUnreadableException.class);
    assertThat(panel.account("alice", "good").listBuckets()).isNotEmpty();
  }

  @Test
  void connections_areBuiltOncePerSetAndVersion() {
    panel.credentials().add("alice", "prod", Panels.credentials(accountA));
    for (int i = 0; i < 50; i++) {
      panel.account("alice", "prod").listBuckets(false);
    }
    assertThat(panel.connections().stats().misses()).isEqualTo(1);
    assertThat(panel.connections().stats().hits()).isEqualTo(49);
    // ListBuckets names no bucket, so it works with either addressing style.
    panel.credentials().update("alice", "prod", CredentialUpdate.builder().pathStyle(false).build());
    panel.account("alice", "prod").listBuckets(false);
    panel.account("alice", "prod").listBuckets(false);
    assertThat(panel.connections().stats().misses()).isEqualTo(2);
    assertThat(panel.connections().stats().cached()).isEqualTo(1);
  }

  @Test
  void delete_dropsTheSetsCachedClient() {
    panel.credentials().add("alice", "prod", Panels.credentials(accountA));
    panel.credentials().add("alice", "other", Panels.credentials(accountB));
    panel.account("alice", "prod").listBuckets(false);
    panel.account("alice", "other").listBuckets(false);
    assertThat(panel.connections().stats().cached()).isEqualTo(2);

    panel.credentials().delete("alice", "prod");

    assertThat(panel.connections().stats().cached()).isEqualTo(1);
  }

  @Test
  void overACachingStore_readsTheRowOnce_andAChangeThroughTheManagerIsSeenAtOnce() {
    CachingCredentialStore cached = new CachingCredentialStore(store, java.time.Duration.ofMinutes(1), 100);
    try (S3Panel p = Panels.builder().credentialStore(cached).build()) {
      p.credentials().add("alice", "prod", Panels.credentials(accountA));
      for (int i = 0; i < 10; i++) {
        p.account("alice", "prod").listBuckets(false);
      }
      assertThat(cached.stats().misses()).isEqualTo(2); // the add's duplicate check, then the first use
      assertThat(cached.stats().hits()).isEqualTo(9);

      p.credentials().update("alice", "prod", CredentialUpdate.builder().pathStyle(false).build());
      p.account("alice", "prod").listBuckets(false);
      assertThat(p.connections().stats().misses()).as("the new version got its own client at once").isEqualTo(2);

      p.credentials().delete("alice", "prod");
      assertThatThrownBy(() -> p.account("alice", "prod")).isInstanceOf(NotFoundException.class);
    }
  }

  @Test
  void forgetOwner_dropsThatOwnersCachedClientsAndRows_only() {
    CachingCredentialStore cached = new CachingCredentialStore(store, java.time.Duration.ofMinutes(1), 100);
    try (S3Panel p = Panels.builder().credentialStore(cached).build()) {
      p.credentials().add("alice", "prod", Panels.credentials(accountA));
      p.credentials().add("alice", "other", Panels.credentials(accountB));
      p.credentials().add("bob", "prod", Panels.credentials(accountB));
      for (String[] use : new String[][] {{"alice", "prod"}, {"alice", "other"}, {"bob", "prod"}}) {
        p.account(use[0], use[1]).listBuckets(false);
      }
      assertThat(p.connections().stats().cached()).isEqualTo(3);
      assertThat(cached.stats().size()).isEqualTo(3);

      // The owner's sets vanish around the manager (as a cascading delete of the user row does).
      store.delete(new CredentialRef("alice", "prod"));
      store.delete(new CredentialRef("alice", "other"));
      p.credentials().forgetOwner("alice");

      assertThat(p.connections().stats().cached()).isEqualTo(1);
      assertThat(cached.stats().size()).isEqualTo(1);
      assertThatThrownBy(() -> p.account("alice", "prod")).isInstanceOf(NotFoundException.class);
      assertThat(p.account("bob", "prod").listBuckets(false)).isNotNull();
    }
  }

  @Test
  void account_ofASetDeletedElsewhere_isNotFound_andDropsItsClient() {
    panel.credentials().add("alice", "prod", Panels.credentials(accountA));
    panel.account("alice", "prod").listBuckets(false);
    store.delete(new CredentialRef("alice", "prod")); // another server deleted it
    assertThat(panel.connections().stats().cached()).isEqualTo(1);

    assertThatThrownBy(() -> panel.account("alice", "prod")).isInstanceOf(NotFoundException.class);
    assertThat(panel.connections().stats().cached()).isZero();
  }
}
