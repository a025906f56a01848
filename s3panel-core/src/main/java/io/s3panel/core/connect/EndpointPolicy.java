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
 * user-supplied endpoint.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>The endpoint the operator configured ({@link #trusting}, e.g. a server-wide default endpoint) is
 *       allowed exactly as configured.
 *   <li>AWS's own hosts ({@code *.amazonaws.com}, {@code *.amazonaws.com.cn}) over https are always allowed.
 *   <li>Otherwise the endpoint must match an allowlist entry {@code [scheme://]host[:port]}. The host is an
 *       exact host name or IP address (IPv6 in brackets when a port follows), {@code *.example.com} (any
 *       subdomain), or {@code *} (any host). No entries: no custom endpoints.
 *   <li>An entry with a scheme ({@code http} or {@code https}) matches only that scheme; one with a port
 *       matches only that port (the scheme's default port, 80 or 443, when the URL names none). An entry
 *       without a port allows <em>every</em> port of its host: the looser form, for hosts that only run S3;
 *       prefer {@code http://127.0.0.1:9000} to {@code 127.0.0.1}.
 *   <li>The host is resolved; if any address is loopback, private (RFC 1918, RFC 4193), carrier-grade NAT,
 *       unspecified or multicast, it is refused unless the matching entry names the host exactly or
 *       {@link Builder#allowPrivateAddresses(boolean)} is on. Link-local addresses, which include the cloud
 *       metadata service at 169.254.169.254, are refused unless an entry names that host exactly.
 * </ol>
 *
 * <pre>{@code
 * EndpointPolicy policy = EndpointPolicy.parse("http://127.0.0.1:9000,https://*.r2.cloudflarestorage.com");
 * policy.check(URI.create("https://acc.r2.cloudflarestorage.com")); // passes
 * policy.check(URI.create("http://127.0.0.1:8080"));                // ValidationException: port not allowed
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

  private static final String FIELD = "endpoint";

  private final List<Entry> entries;
  private final boolean allowPrivateAddresses;
  private final HostResolver resolver;
  private final URI trusted;

  private EndpointPolicy(Builder b, URI trusted) {
    this.entries = List.copyOf(b.entries);
    this.allowPrivateAddresses = b.allowPrivateAddresses;
    this.resolver = b.resolver;
    this.trusted = trusted;
  }

  private EndpointPolicy(EndpointPolicy base, URI trusted) {
    this.entries = base.entries;
    this.allowPrivateAddresses = base.allowPrivateAddresses;
    this.resolver = base.resolver;
    this.trusted = trusted;
  }

  /** The endpoint host does not resolve: the endpoint may be fine, it just cannot be judged now. */
  public static final class HostUnresolvedException extends ValidationException {
    private static final long serialVersionUID = 1L;

    HostUnresolvedException(String host) {
      super(FIELD, "The endpoint host '" + host + "' cannot be resolved.");
    }
  }

  /** This policy, also allowing {@code endpoint} exactly as given (an operator's endpoint); {@code null}: none. */
  public EndpointPolicy trusting(URI endpoint) {
    return new EndpointPolicy(this, endpoint);
  }

  /** No custom endpoints at all: AWS only. */
  public static EndpointPolicy awsOnly() {
    return builder().build();
  }

  /**
   * A policy from a comma-separated allowlist such as
   * {@code http://127.0.0.1:9000,localhost,https://*.r2.cloudflarestorage.com}.
   *
   * @throws IllegalArgumentException naming the first entry that is not {@code [scheme://]host[:port]}
   */
  public static EndpointPolicy parse(String commaSeparated) {
    return builder().allowAll(commaSeparated).build();
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

  /** The allowlist entries in their canonical form ({@code [scheme://]host[:port]}, lower-case). */
  public List<String> entries() {
    return entries.stream().map(Entry::toString).toList();
  }

  /**
   * Passes silently when {@code endpoint} may be used.
   *
   * @throws ValidationException on {@code endpoint} saying why it may not ({@link HostUnresolvedException}
   *     when its host does not resolve)
   */
  public void check(URI endpoint) {
    if (trusted != null && trusted.equals(endpoint)) {
      return;
    }
    String host = endpoint.getHost();
    if (host == null || host.isEmpty()) {
      throw new ValidationException(FIELD, "The endpoint URL must name a host.");
    }
    host = stripBrackets(host.toLowerCase(Locale.ROOT));
    if (isAws(endpoint) && "https".equalsIgnoreCase(endpoint.getScheme())) {
      return;
    }
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    int port = effectivePort(scheme, endpoint.getPort());
    Entry match = null;
    boolean hostListed = false;
    for (Entry entry : entries) {
      if (entry.matchesHost(host)) {
        hostListed = true;
        if (entry.matches(scheme, port)) {
          match = entry;
          if (!entry.wildcard()) {
            break;
          }
        }
      }
    }
    if (match == null) {
      throw new ValidationException(FIELD, hostListed
          ? "This server allows the endpoint host '" + host + "' only with another scheme or port. Ask the administrator which endpoint to use."
          : "This server does not allow the endpoint host '" + host + "'. Ask the administrator to add it to the allowed endpoints.");
    }
    boolean exact = !match.wildcard();
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new HostUnresolvedException(host);
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

  private static int effectivePort(String scheme, int port) {
    if (port != -1) {
      return port;
    }
    return scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
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
    return "EndpointPolicy{allow=" + entries + ", allowPrivateAddresses=" + allowPrivateAddresses
        + (trusted == null ? "" : ", trusted=" + trusted) + '}';
  }

  /** Builds an {@link EndpointPolicy}. */
  public static final class Builder {
    private final List<Entry> entries = new ArrayList<>();
    private boolean allowPrivateAddresses;
    private HostResolver resolver = InetAddress::getAllByName;

    private Builder() {}

    /**
     * Adds an entry {@code [scheme://]host[:port]}: scheme {@code http} or {@code https}; host a name, an IP
     * address (IPv6 in brackets, which may be left out when no port follows), {@code *.domain} or {@code *};
     * port 1 to 65535. No scheme: either; no port: every port of the host.
     *
     * @throws IllegalArgumentException if {@code entry} is not of that form
     */
    public Builder allow(String entry) {
      entries.add(Entry.parse(entry));
      return this;
    }

    /**
     * Adds every entry of a comma-separated allowlist (blank entries skipped; {@code null} adds none).
     *
     * @throws IllegalArgumentException naming the first entry that is not {@code [scheme://]host[:port]}
     */
    public Builder allowAll(String commaSeparated) {
      if (commaSeparated != null) {
        for (String part : commaSeparated.split(",")) {
          if (!part.isBlank()) {
            allow(part.trim());
          }
        }
      }
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
      return new EndpointPolicy(this, null);
    }
  }

  /** One parsed allowlist entry; {@code scheme} {@code null} means either, {@code port} -1 means any. */
  private record Entry(String scheme, String host, int port) {
    static Entry parse(String raw) {
      String e = raw.trim().toLowerCase(Locale.ROOT);
      String scheme = null;
      int sep = e.indexOf("://");
      if (sep >= 0) {
        scheme = e.substring(0, sep);
        e = e.substring(sep + 3);
        if (!scheme.equals("http") && !scheme.equals("https")) {
          throw bad(raw, "the scheme must be http or https");
        }
      }
      if (e.endsWith("/")) {
        e = e.substring(0, e.length() - 1);
      }
      String host = e;
      String portText = null;
      if (e.startsWith("[")) {
        int close = e.indexOf(']');
        if (close < 0) {
          throw bad(raw, "an IPv6 address needs its closing bracket");
        }
        host = e.substring(1, close);
        String rest = e.substring(close + 1);
        if (!rest.isEmpty()) {
          if (!rest.startsWith(":")) {
            throw bad(raw, "only a port may follow the host");
          }
          portText = rest.substring(1);
        }
      } else if (e.indexOf(':') >= 0 && e.indexOf(':') == e.lastIndexOf(':')) {
        host = e.substring(0, e.indexOf(':'));
        portText = e.substring(e.indexOf(':') + 1);
      }
      int port = -1;
      if (portText != null) {
        if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
          throw bad(raw, "the port must be 1 to 65535");
        }
        port = Integer.parseInt(portText);
      }
      boolean validWildcard = host.equals("*") || (host.startsWith("*.") && host.length() > 2 && host.indexOf('*', 1) < 0);
      if (host.isEmpty() || host.contains("/") || host.contains(" ") || host.contains("@")
          || (host.contains("*") && !validWildcard)) {
        throw bad(raw, "the host must be a name, an IP address, *.domain or *");
      }
      return new Entry(scheme, host, port);
    }

    private static IllegalArgumentException bad(String raw, String why) {
      return new IllegalArgumentException("Not a valid endpoint allowlist entry (" + why
          + "; expected [scheme://]host[:port]): " + raw);
    }

    boolean wildcard() {
      return host.startsWith("*");
    }

    boolean matchesHost(String candidate) {
      if (host.equals("*")) {
        return true;
      }
      if (host.startsWith("*.")) {
        return candidate.endsWith(host.substring(1)) && candidate.length() > host.length() - 1;
      }
      return host.equals(candidate);
    }

    boolean matches(String candidateScheme, int candidatePort) {
      return (scheme == null || scheme.equals(candidateScheme)) && (port == -1 || port == candidatePort);
    }

    @Override
    public String toString() {
      String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
      return (scheme == null ? "" : scheme + "://") + h + (port == -1 ? "" : ":" + port);
    }
  }
}
