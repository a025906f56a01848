package io.s3panel.server.security;

import io.s3panel.server.Concurrently;
import static io.s3panel.server.api.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.jdbc.DataSourceResolver;
import io.s3panel.server.PostgresSchema;
import io.s3panel.server.api.Api;
import io.s3panel.server.auth.ClientLimiter;
import io.s3panel.server.auth.PasswordHasher;
import io.s3panel.server.auth.PasswordHasherAccess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * SECURITY.md items 25 and 28 (issue 9, findings 2, 6 and 8): login throttling cannot be outrun by
 * concurrency or by a second server; one address's flood does not refuse another address's login;
 * unauthenticated requests leave bounded tables, purged on a schedule; registrations are capped per address.
 */
class LoginAbuseTest {
  static final String PASSWORD = "Correct-Horse-Battery-Staple-42!";

  // ---- finding 2: attempts counted before the password check -------------------------------------

  @Test
  void burstOf120WrongPasswords_checksAtMostTheLimitOfPasswords() throws Exception {
    try (Api api = Api.start(Map.of("s3panel.login-max-failures", 10, "s3panel.login-window", "1m",
        "s3panel.hashing-queue-timeout", "60s"))) {
      api.post("/api/register", null, obj("username", "target", "password", PASSWORD));
      PasswordHasher hasher = api.context().getBean(PasswordHasher.class);
      long before = hasher.verifications();

      List<Integer> statuses = Concurrently.run(120, i ->
          api.post("/api/login", null, obj("username", "target", "password", "Wrong-Pass-" + i)).status());

      long checks = hasher.verifications() - before;
      System.out.println("FIGURE attempts before block under a 120-request burst (one server, H2): " + checks);
      assertThat(checks).as("real password checks").isLessThanOrEqualTo(10);
      assertThat(statuses).containsOnly(401, 429);
      assertThat(statuses).filteredOn(s -> s == 401).hasSize((int) checks);
    }
  }

  @Test
  void rightPasswordInsideABurst_afterTheLimit_doesNotSucceed() throws Exception {
    try (Api api = Api.start(Map.of("s3panel.login-max-failures", 10, "s3panel.login-window", "1m",
        "s3panel.hashing-concurrency", 1, "s3panel.hashing-queue-timeout", "60s"))) {
      api.post("/api/register", null, obj("username", "burst", "password", PASSWORD));
      Semaphore slots = PasswordHasherAccess.slots(api.context().getBean(PasswordHasher.class));
      ExecutorService pool = Executors.newFixedThreadPool(45);
      slots.acquire(); // every password check now waits in the queue: the burst is truly concurrent
      boolean held = true;
      try {
        List<Future<Integer>> wrong = new ArrayList<>();
        for (int i = 0; i < 44; i++) {
          int n = i;
          wrong.add(pool.submit(() ->
              api.post("/api/login", null, obj("username", "burst", "password", "Wrong-Pass-" + n)).status()));
        }
        // Wait until each of the 44 is either waiting for the hasher or already answered.
        awaitTrue(() -> slots.getQueueLength() + done(wrong) >= 44, "the 44 wrong attempts are in");
        int queuedBefore = slots.getQueueLength();
        Future<Integer> right = pool.submit(() ->
            api.post("/api/login", null, obj("username", "burst", "password", PASSWORD)).status());
        awaitTrue(() -> right.isDone() || slots.getQueueLength() > queuedBefore, "the right password is in");
        slots.release();
        held = false;
        assertThat(right.get(60, TimeUnit.SECONDS)).as("position 45 of the burst, with the right password")
            .isEqualTo(429);
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : wrong) {
          statuses.add(f.get(60, TimeUnit.SECONDS));
        }
        assertThat(statuses).filteredOn(s -> s == 401).hasSize(10);
      } finally {
        if (held) {
          slots.release();
        }
        pool.shutdownNow();
      }
    }
  }

  @Test
  @EnabledIfEnvironmentVariable(named = "S3PANEL_TEST_POSTGRES", matches = "true")
  void burstSplitAcrossTwoServersSharingPostgres_checksAtMostTheLimitOfPasswords() throws Exception {
    PostgresSchema schema = new PostgresSchema("s3panel_throttle");
    Map<String, Object> props = new HashMap<>(schema.create());
    props.put("s3panel.login-max-failures", 10);
    props.put("s3panel.login-window", "1m");
    props.put("s3panel.hashing-queue-timeout", "60s");
    try (Api one = Api.start(props); Api two = Api.start(props)) {
      one.post("/api/register", null, obj("username", "shared", "password", PASSWORD));
      PasswordHasher h1 = one.context().getBean(PasswordHasher.class);
      PasswordHasher h2 = two.context().getBean(PasswordHasher.class);
      long before = h1.verifications() + h2.verifications();

      List<Integer> statuses = Concurrently.run(120, i -> (i % 2 == 0 ? one : two)
          .post("/api/login", null, obj("username", "shared", "password", "Wrong-Pass-" + i)).status());

      long checks = h1.verifications() + h2.verifications() - before;
      System.out.println("FIGURE attempts before block under a 120-request burst (two servers, one PostgreSQL): "
          + checks);
      assertThat(checks).as("real password checks on both servers").isLessThanOrEqualTo(10);
      assertThat(statuses).containsOnly(401, 429);
      assertThat(two.post("/api/login", null, obj("username", "shared", "password", PASSWORD)).status())
          .as("the block holds on the other server too").isEqualTo(429);
    } finally {
      schema.drop();
    }
  }

  // ---- finding 6: per-address limits before the hashing queue, fair queueing ---------------------

  @Test
  void oneAddressOverItsLoginLimit_isRefusedBeforeHashing_whateverItsForwardedHeader_anotherAddressIsNot()
      throws Exception {
    try (Api api = Api.start(Map.of("s3panel.limits.logins-per-address", 5,
        "s3panel.limits.login-address-window", "1m"))) {
      api.post("/api/register", null, obj("username", "victim", "password", PASSWORD));
      PasswordHasher hasher = api.context().getBean(PasswordHasher.class);
      int port = api.server().getPort();
      long before = hasher.verifications();
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        answers.add(rawPost(port, "127.0.0.2", "/api/login", login("ghost-" + i, "Wrong-Pass"),
            "X-Forwarded-For: 10.0.0." + i + "\r\nForwarded: for=10.0.1." + i + "\r\n"));
      }
      assertThat(answers.subList(0, 5)).allMatch(a -> a.startsWith("HTTP/1.1 401"));
      assertThat(answers.subList(5, 12)).allMatch(a -> a.startsWith("HTTP/1.1 429"))
          .allMatch(a -> a.toLowerCase().contains("retry-after:"))
          .allMatch(a -> a.contains("\"code\":\"rate_limited\""));
      assertThat(hasher.verifications() - before).as("refused attempts never reach the hasher").isEqualTo(5);
      assertThat(rawPost(port, "127.0.0.3", "/api/login", login("victim", PASSWORD), ""))
          .startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void floodFromOneAddress_holdsAtMostItsShareOfTheHashingQueue_andAnotherAddressIsServed() throws Exception {
    // The per-address attempt limit is left high here: only the share of the hashing queue is tested.
    try (Api api = Api.start(Map.of("s3panel.hashing-concurrency", 1, "s3panel.hashing-queue-timeout", "60s",
        "s3panel.limits.hashing-per-address", 2))) {
      api.post("/api/register", null, obj("username", "patient", "password", PASSWORD));
      int port = api.server().getPort();
      Semaphore slots = PasswordHasherAccess.slots(api.context().getBean(PasswordHasher.class));
      ExecutorService pool = Executors.newFixedThreadPool(31);
      slots.acquire(); // nothing is hashed until the flood is in: the queue shows who holds which place
      boolean held = true;
      try {
        List<Future<Integer>> flood = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
          int n = i;
          flood.add(pool.submit(() -> status(rawPost(port, "127.0.0.1", "/api/login",
              login("rnd-" + n + "-" + UUID.randomUUID(), "Wrong-Pass"), ""))));
        }
        awaitTrue(() -> slots.getQueueLength() + done(flood) >= 30, "the flood is in");
        assertThat(slots.getQueueLength()).as("places in the hashing queue held by the flooding address").isEqualTo(2);
        Future<Integer> other = pool.submit(() ->
            status(rawPost(port, "127.0.0.2", "/api/login", login("patient", PASSWORD), "")));
        awaitTrue(() -> other.isDone() || slots.getQueueLength() == 3, "the other address is queued");
        slots.release();
        held = false;
        assertThat(other.get(60, TimeUnit.SECONDS)).as("127.0.0.2 during the flood from 127.0.0.1").isEqualTo(200);
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : flood) {
          statuses.add(f.get(60, TimeUnit.SECONDS));
        }
        assertThat(statuses).filteredOn(s -> s == 401).hasSize(2);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(28);
      } finally {
        if (held) {
          slots.release();
        }
        pool.shutdownNow();
      }
    }
  }

  @Test
  void sustainedFloodFromOneAddress_withTheDefaultLimits_doesNotRefuseAnotherAddressesLogins() throws Exception {
    // The default per-address limits (TestProperties raises them for the other tests) and hashing settings.
    try (Api api = Api.start(Map.of("s3panel.limits.logins-per-address", 30,
        "s3panel.limits.hashing-per-address", 2))) {
      api.post("/api/register", null, obj("username", "patient", "password", PASSWORD));
      int port = api.server().getPort();
      AtomicBoolean flooding = new AtomicBoolean(true);
      AtomicInteger floodRequests = new AtomicInteger();
      int floodThreads = 30;
      ExecutorService flood = Executors.newFixedThreadPool(floodThreads);
      CountDownLatch started = new CountDownLatch(floodThreads);
      for (int t = 0; t < floodThreads; t++) {
        flood.submit(() -> {
          started.countDown();
          while (flooding.get()) {
            api.post("/api/login", null, obj("username", "rnd-" + UUID.randomUUID(), "password", "Wrong-Pass"));
            floodRequests.incrementAndGet();
          }
          return null;
        });
      }
      int served = 0;
      int tries = 10;
      try {
        started.await();
        Thread.sleep(500); // the flood is in full swing
        for (int i = 0; i < tries; i++) {
          if (rawPost(port, "127.0.0.2", "/api/login", login("patient", PASSWORD), "").startsWith("HTTP/1.1 200")) {
            served++;
          }
        }
      } finally {
        flooding.set(false);
        flood.shutdown();
        flood.awaitTermination(60, TimeUnit.SECONDS);
      }
      System.out.println("FIGURE logins served to a second address during a one-address flood: " + served + "/"
          + tries + " (flood: " + floodThreads + " threads, " + floodRequests.get() + " requests)");
      assertThat(served).as("logins of 127.0.0.2 served during the flood from 127.0.0.1").isEqualTo(tries);
    }
  }

  // ---- finding 8: bounded tables, scheduled purge, registration cap --------------------------------

  @Test
  void unknownUsernames_writeNoThrottleRows_yetAreThrottledLikeAccounts() throws Exception {
    try (Api api = Api.start(Map.of("s3panel.login-max-failures", 10))) {
      for (int i = 0; i < 40; i++) {
        assertThat(api.post("/api/login", null, obj("username", "random-" + i, "password", "Wrong-Pass")).status())
            .isEqualTo(401);
      }
      assertThat(count(api, "login_throttle")).isZero();
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 11; i++) {
        statuses.add(api.post("/api/login", null, obj("username", "nobody", "password", "Wrong-Pass")).status());
      }
      // Same answers as a real account: 10 × 401, then 429 — throttling tells nobody which names exist.
      assertThat(statuses.subList(0, 10)).containsOnly(401);
      assertThat(statuses.get(10)).isEqualTo(429);
    }
  }

  @Test
  void tenThousandRandomNameLoginFailures_leaveBoundedTables() throws Exception {
    try (Api api = Api.start(Map.of("s3panel.limits.logins-per-address", 30,
        "s3panel.limits.hashing-per-address", 2, "s3panel.limits.tracked-keys", 1000))) {
      PasswordHasher hasher = api.context().getBean(PasswordHasher.class);
      long before = hasher.verifications();
      Map<Integer, Integer> byStatus = new java.util.concurrent.ConcurrentHashMap<>();
      long t0 = System.nanoTime();
      Concurrently.run(8, t -> {
        for (int i = 0; i < 1250; i++) {
          int status = api.post("/api/login", null, obj("username", "rnd-" + UUID.randomUUID(), "password",
              "Wrong-Pass")).status();
          byStatus.merge(status, 1, Integer::sum);
        }
        return 0;
      });
      long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("10,000 random-name logins took " + elapsedMs + " ms");
      Map<String, Long> sizes = new LinkedHashMap<>();
      for (String table : List.of("login_throttle", "users", "refresh_families")) {
        sizes.put(table, count(api, table));
      }
      int memory = api.context().getBean(ClientLimiter.class).trackedEntries();
      System.out.println("FIGURE table sizes after 10,000 random-name failures: " + sizes + ", answers "
          + byStatus + ", password checks " + (hasher.verifications() - before) + ", in-memory entries " + memory);
      assertThat(byStatus.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(10_000);
      assertThat(byStatus.keySet()).containsOnly(401, 429);
      assertThat(sizes).containsEntry("login_throttle", 0L).containsEntry("users", 0L);
      assertThat(hasher.verifications() - before).as("30 per one-minute window from one address")
          .isLessThanOrEqualTo(30 * (elapsedMs / 60_000 + 1));
      assertThat(memory).as("bounded by tracked-keys per table").isLessThanOrEqualTo(3 * 1000 + 8);
    }
  }

  @Test
  void purge_runsOnItsSchedule_deletingFinishedThrottleWindowsAndOldRefreshFamilies() throws Exception {
    try (Api api = Api.start(Map.of("test.mutable-clock", true, "s3panel.login-window", "1m",
        "s3panel.limits.purge-interval", "200ms", "s3panel.limits.revoked-family-retention", "1h"))) {
      MutableClock clock = api.context().getBean(MutableClock.class);
      Api.Tokens alice = api.registerAndLogin("alice");
      api.registerAndLogin("bob");
      api.post("/api/password", alice.access(), obj("current_password", PASSWORD, "new_password", PASSWORD + "-new"));
      api.post("/api/login", null, obj("username", "bob", "password", "Wrong-Pass"));
      assertThat(count(api, "login_throttle")).isEqualTo(1);
      assertThat(count(api, "refresh_families")).isEqualTo(2);

      clock.advance(Duration.ofMinutes(61));
      awaitTrue(() -> count(api, "login_throttle") == 0 && count(api, "refresh_families") == 1, "purged");
      // bob's live login is kept; alice's family, revoked by her password change, is gone.
      assertThat(api.post("/api/token/refresh", null, obj("refresh", alice.refresh())).status()).isEqualTo(401);
    }
  }

  @Test
  void registrations_areCappedPerAddress_with429AndRetryAfter_otherAddressesStillRegister() throws Exception {
    try (Api api = Api.start(Map.of("s3panel.limits.registrations-per-address", 3,
        "s3panel.limits.registration-window", "1h"))) {
      int port = api.server().getPort();
      for (int i = 0; i < 3; i++) {
        assertThat(rawPost(port, "127.0.0.4", "/api/register", login("maker" + i, PASSWORD), ""))
            .startsWith("HTTP/1.1 201");
      }
      String refused = rawPost(port, "127.0.0.4", "/api/register", login("maker3", PASSWORD), "");
      assertThat(refused).startsWith("HTTP/1.1 429").contains("\"code\":\"rate_limited\"");
      long retryAfter = Long.parseLong(refused.lines().filter(l -> l.toLowerCase().startsWith("retry-after:"))
          .findFirst().orElseThrow().substring(12).trim());
      assertThat(retryAfter).isBetween(3000L, 3600L);
      assertThat(count(api, "users")).isEqualTo(3);
      assertThat(rawPost(port, "127.0.0.5", "/api/register", login("maker3", PASSWORD), ""))
          .startsWith("HTTP/1.1 201");
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------

  static String login(String username, String password) {
    return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
  }

  /** POSTs JSON from a chosen loopback source address, with extra raw header lines; returns the response. */
  static String rawPost(int port, String source, String path, String body, String extraHeaders) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      s.setSoTimeout(60_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Connection: close\r\n" + extraHeaders + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length
          + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder response = new StringBuilder();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        response.append(line).append('\n');
      }
      return response.toString();
    }
  }

  static long count(Api api, String table) {
    DataSource ds = api.context().getBean(DataSourceResolver.class).resolve(api.context().getBean(DataSource.class));
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static int status(String rawResponse) {
    return Integer.parseInt(rawResponse.substring(9, 12));
  }

  static int done(List<Future<Integer>> futures) {
    return (int) futures.stream().filter(Future::isDone).count();
  }

  static void awaitTrue(Callable<Boolean> condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(20);
    }
  }

}
