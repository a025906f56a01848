package io.s3panel.server.auth;

import io.s3panel.server.config.LimitsConfig;
import io.s3panel.server.config.S3PanelConfig;
import jakarta.inject.Singleton;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client-address limits on unauthenticated work, applied before a password reaches the hashing queue
 * (SECURITY.md items 25 and 28): login attempts and registrations per address per window, and at most
 * {@code hashingPerAddress} logins or registrations of one address in the hashing queue at once, so a flood
 * from one address holds only that many places in the (FIFO) queue and cannot refuse another address's login.
 *
 * <p>The address is the TCP peer: {@code X-Forwarded-For} is never trusted. IPv6 addresses are grouped by
 * their /64 prefix (one host usually owns a whole /64). State lives in memory, per server, bounded by
 * {@code trackedKeys} entries per table; with several servers each enforces its own limits. It also keeps
 * the failure counts of usernames that have no account, so those answer like real accounts (429 after the
 * same number of attempts) without writing a database row per invented name.
 */
@Singleton
public final class ClientLimiter {
  private final LimitsConfig limits;
  private final WindowCounter logins;
  private final WindowCounter registrations;
  private final WindowCounter unknownNames;
  private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

  ClientLimiter(LimitsConfig limits, S3PanelConfig config, Clock clock) {
    this.limits = limits;
    this.logins = new WindowCounter(limits.loginsPerAddress(), limits.loginAddressWindow(), limits.trackedKeys(),
        clock);
    this.registrations = new WindowCounter(limits.registrationsPerAddress(), limits.registrationWindow(),
        limits.trackedKeys(), clock);
    this.unknownNames = new WindowCounter(config.loginMaxFailures(), config.loginWindow(), limits.trackedKeys(), clock);
  }

  /** Admits one login attempt from {@code client}, or throws 429 {@code rate_limited}; close the permit after. */
  public Permit admitLogin(InetAddress client) {
    String key = key(client);
    logins.tryCount(key).ifPresent(wait -> {
      throw AuthException.tooManyFromAddress("login attempts", wait);
    });
    return enter(key);
  }

  /** Admits one registration from {@code client}, or throws 429 {@code rate_limited}; close the permit after. */
  public Permit admitRegistration(InetAddress client) {
    String key = key(client);
    registrations.tryCount(key).ifPresent(wait -> {
      throw AuthException.tooManyFromAddress("registrations", wait);
    });
    return enter(key);
  }

  /** Counts a login attempt for a username without an account; empty when allowed, else the wait. */
  Optional<Duration> countUnknownName(String usernameKey) {
    return unknownNames.tryCount(usernameKey);
  }

  /** Forgets windows that are over (called by the scheduled purge). */
  void purgeExpired() {
    logins.purgeExpired();
    registrations.purgeExpired();
    unknownNames.purgeExpired();
  }

  /** Entries held in memory: addresses and unknown usernames counted, addresses with work in the queue. */
  public int trackedEntries() {
    return logins.size() + registrations.size() + unknownNames.size() + inFlight.size();
  }

  private Permit enter(String key) {
    boolean[] admitted = new boolean[1];
    inFlight.compute(key, (k, n) -> {
      int current = n == null ? 0 : n;
      if (current >= limits.hashingPerAddress()) {
        return n;
      }
      admitted[0] = true;
      return current + 1;
    });
    if (!admitted[0]) {
      throw AuthException.tooManyFromAddress("logins at once", Duration.ofSeconds(1));
    }
    return () -> inFlight.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** The limiting key of an address: the address itself, or its /64 prefix for IPv6. */
  static String key(InetAddress client) {
    if (client instanceof Inet6Address) {
      byte[] prefix = Arrays.copyOf(client.getAddress(), 16);
      Arrays.fill(prefix, 8, 16, (byte) 0);
      try {
        return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
    return client.getHostAddress();
  }

  /** A place in the hashing queue held by one address; closing it gives the place back. */
  @FunctionalInterface
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }
}
