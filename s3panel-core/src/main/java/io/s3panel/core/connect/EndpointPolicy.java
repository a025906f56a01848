package io.s3panel.core.connect;

import io.s3panel.core.ValidationException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides which custom S3 endpoints may be used: the guard against server-side request forgery through a
 * user-supplied {@code endpoint_url}.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>AWS's own hosts ({@code *.amazonaws.com}, {@code *.amazonaws.com.cn}) over https are always allowed.
 *   <li>Otherwise the host must match an allowlist entry: an exact host name or IP address, or
 *       {@code *.example.com} (any subdomain), or {@code *} (any host). No entries: no custom endpoints.
 *   <li>The host is resolved; if any address is loopback, private (RFC 1918, RFC 4193), carrier-grade NAT,
 *       unspecified or multicast, it is refused unless the matching entry names the host exactly or
 *       {@link Builder#allowPrivateAddresses(boolean)} is on. Link-local addresses, which include the cloud
 *       metadata service at 169.254.169.254, are refused unless an entry names that host exactly.
 * </ol>
 *
 * <pre>{@code
 * EndpointPolicy policy = EndpointPolicy.parse("127.0.0.1,localhost,*.r2.cloudflarestorage.com");
 * policy.check(URI.create("https://acc.r2.cloudflarestorage.com")); // passes
 * policy.check(URI.create("http://169.254.169.254"));               // ValidationException
 * }</pre>
 */
public final class EndpointPolicy {
  /** Resolves a host name to its addresses; replaceable for tests. */
  @FunctionalInterface
  public interface HostResolver {
    /** All addresses of {@code host}; throws {@link UnknownHostException} when there are none. */
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private static final String FIELD = "endpoint_url";

  private final List<String> entries;
  private final boolean allowPrivateAddresses;
  private final HostResolver resolver;

  private EndpointPolicy(Builder b) {
    this.entries = List.copyOf(b.entries);
    this.allowPrivateAddresses = b.allowPrivateAddresses;
    this.resolver = b.resolver;
  }

  /** No custom endpoints at all: AWS only. */
  public static EndpointPolicy awsOnly() {
    return builder().build();
  }

  /** A policy from a comma-separated allowlist such as {@code 127.0.0.1,localhost,*.r2.cloudflarestorage.com}. */
  public static EndpointPolicy parse(String commaSeparated) {
    Builder b = builder();
    if (commaSeparated != null) {
      for (String part : commaSeparated.split(",")) {
        if (!part.isBlank()) {
          b.allow(part.trim());
        }
      }
    }
    return b.build();
  }

  /** A new builder with no entries. */
  public static Builder builder() {
    return new Builder();
  }

  /** True for AWS's own S3 hosts. */
  public static boolean isAws(URI endpoint) {
    String host = endpoint.getHost();
    if (host == null) {
      return false;
    }
    host = host.toLowerCase(Locale.ROOT);
    return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn");
  }

  /** The allowlist entries, lower-case. */
  public List<String> entries() {
    return entries;
  }

  /**
   * Passes silently when {@code endpoint} may be used.
   *
   * @throws ValidationException on {@code endpoint_url} saying why it may not
   */
  public void check(URI endpoint) {
    String host = endpoint.getHost();
    if (host == null || host.isEmpty()) {
      throw new ValidationException(FIELD, "The endpoint URL must name a host.");
    }
    host = stripBrackets(host.toLowerCase(Locale.ROOT));
    if (isAws(endpoint) && "https".equalsIgnoreCase(endpoint.getScheme())) {
      return;
    }
    String match = null;
    for (String entry : entries) {
      if (matches(entry, host)) {
        match = entry;
        if (!entry.startsWith("*")) {
          break;
        }
      }
    }
    if (match == null) {
      throw new ValidationException(FIELD,
          "This server does not allow the endpoint host '" + host + "'. Ask the administrator to add it to the allowed endpoints.");
    }
    boolean exact = !match.startsWith("*");
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new ValidationException(FIELD, "The endpoint host '" + host + "' cannot be resolved.");
    }
    for (InetAddress address : addresses) {
      if (isLinkLocal(address) && !exact) {
        throw new ValidationException(FIELD,
            "The endpoint host '" + host + "' resolves to a link-local or metadata address, which is not allowed.");
      }
      if (isInternal(address) && !exact && !allowPrivateAddresses) {
        throw new ValidationException(FIELD,
            "The endpoint host '" + host + "' resolves to a private or loopback address, which is not allowed.");
      }
    }
  }

  /** True when {@code endpoint} passes {@link #check}. */
  public boolean allows(URI endpoint) {
    try {
      check(endpoint);
      return true;
    } catch (ValidationException e) {
      return false;
    }
  }

  private static boolean matches(String entry, String host) {
    if (entry.equals("*")) {
      return true;
    }
    if (entry.startsWith("*.")) {
      return host.endsWith(entry.substring(1)) && host.length() > entry.length() - 1;
    }
    return entry.equals(host);
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  static boolean isLinkLocal(InetAddress address) {
    InetAddress a = unmapped(address);
    return a.isLinkLocalAddress() || isAwsIpv6Metadata(a);
  }

  static boolean isInternal(InetAddress address) {
    InetAddress a = unmapped(address);
    if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 || (first == 100 && second >= 64 && second < 128) // 0/8, CGNAT 100.64/10
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0); // 192.0.0/24 protocol assignments
    }
    return (b[0] & 0xfe) == 0xfc; // fc00::/7 unique local
  }

  private static boolean isAwsIpv6Metadata(InetAddress a) {
    if (!(a instanceof Inet6Address)) {
      return false;
    }
    byte[] b = a.getAddress();
    return (b[0] & 0xff) == 0xfd && b[1] == 0 && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2;
  }

  /** IPv4-mapped and IPv4-compatible IPv6 addresses are judged as the IPv4 address they carry. */
  private static InetAddress unmapped(InetAddress a) {
    if (a instanceof Inet6Address) {
      byte[] b = a.getAddress();
      boolean prefixZero = true;
      for (int i = 0; i < 10; i++) {
        prefixZero &= b[i] == 0;
      }
      boolean mapped = prefixZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
      boolean compatible = prefixZero && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
      if (mapped || compatible) {
        try {
          return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
          return a;
        }
      }
    }
    return a;
  }

  @Override
  public String toString() {
    return "EndpointPolicy{allow=" + entries + ", allowPrivateAddresses=" + allowPrivateAddresses + '}';
  }

  /** Builds an {@link EndpointPolicy}. */
  public static final class Builder {
    private final List<String> entries = new ArrayList<>();
    private boolean allowPrivateAddresses;
    private HostResolver resolver = InetAddress::getAllByName;

    private Builder() {}

    /** Adds an entry: a host name, an IP address (IPv6 with or without brackets), {@code *.domain} or {@code *}. */
    public Builder allow(String entry) {
      String e = stripBrackets(entry.trim().toLowerCase(Locale.ROOT));
      if (e.isEmpty() || e.contains("/") || e.contains(" ") || (e.contains("*") && !(e.equals("*") || (e.startsWith("*.") && e.indexOf('*', 1) < 0)))) {
        throw new IllegalArgumentException("Not a valid endpoint allowlist entry: " + entry);
      }
      entries.add(e);
      return this;
    }

    /** Lets wildcard entries reach private and loopback addresses (never link-local); default off. */
    public Builder allowPrivateAddresses(boolean allow) {
      this.allowPrivateAddresses = allow;
      return this;
    }

    /** Replaces DNS resolution, for tests. */
    public Builder resolver(HostResolver resolver) {
      this.resolver = resolver;
      return this;
    }

    /** Builds the policy. */
    public EndpointPolicy build() {
      return new EndpointPolicy(this);
    }
  }
}
