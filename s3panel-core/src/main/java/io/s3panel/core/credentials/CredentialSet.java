package io.s3panel.core.credentials;

import io.s3panel.core.ValidationException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One set of S3 credentials in plaintext: access key id, secret access key, optional session token,
 * region, and for S3-compatible services an endpoint and the path-style flag.
 *
 * <p>Immutable. {@link #toString()} shows the access key id masked and never the secret or the token.
 * Build with {@link #builder()}; the builder validates each field and reports it by name.
 *
 * <pre>{@code
 * CredentialSet set = CredentialSet.builder()
 *     .accessKeyId("AKIAIOSFODNN7EXAMPLE")
 *     .secretAccessKey("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
 *     .region("eu-west-1")
 *     .build();
 * }</pre>
 */
public final class CredentialSet {
  private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  private final String accessKeyId;
  private final String secretAccessKey;
  private final String sessionToken;
  private final String region;
  private final URI endpoint;
  private final boolean pathStyle;

  private CredentialSet(Builder b) {
    this.accessKeyId = b.accessKeyId;
    this.secretAccessKey = b.secretAccessKey;
    this.sessionToken = b.sessionToken;
    this.region = b.region;
    this.endpoint = b.endpoint;
    this.pathStyle = b.pathStyle != null ? b.pathStyle : b.endpoint != null;
  }

  /**
   * A new builder; {@code region} defaults to {@code us-east-1}, and path-style addressing to true when an
   * endpoint is set (S3-compatible services mostly need it), false otherwise.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this set's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.accessKeyId = accessKeyId;
    b.secretAccessKey = secretAccessKey;
    b.sessionToken = sessionToken;
    b.region = region;
    b.endpoint = endpoint;
    b.pathStyle = pathStyle;
    return b;
  }

  /** The access key id, in clear. Treat as sensitive; display {@link #maskedAccessKeyId()} instead. */
  public String accessKeyId() {
    return accessKeyId;
  }

  /** The secret access key, in clear. Never log or display it. */
  public String secretAccessKey() {
    return secretAccessKey;
  }

  /** The session token of temporary credentials, if any. Never log or display it. */
  public Optional<String> sessionToken() {
    return Optional.ofNullable(sessionToken);
  }

  /** The signing region, e.g. {@code us-east-1}. */
  public String region() {
    return region;
  }

  /** The endpoint of an S3-compatible service; empty means AWS's own endpoints. */
  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /** True to address buckets as {@code endpoint/bucket/key} instead of {@code bucket.endpoint/key}. */
  public boolean pathStyle() {
    return pathStyle;
  }

  /** The access key id masked as {@link Masking} describes. */
  public String maskedAccessKeyId() {
    return Masking.mask(accessKeyId);
  }

  /** The secret access key masked as {@link Masking} describes. */
  public String maskedSecretAccessKey() {
    return Masking.mask(secretAccessKey);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CredentialSet)) {
      return false;
    }
    CredentialSet other = (CredentialSet) o;
    return accessKeyId.equals(other.accessKeyId)
        && secretAccessKey.equals(other.secretAccessKey)
        && Objects.equals(sessionToken, other.sessionToken)
        && region.equals(other.region)
        && Objects.equals(endpoint, other.endpoint)
        && pathStyle == other.pathStyle;
  }

  @Override
  public int hashCode() {
    return Objects.hash(accessKeyId, region, endpoint, pathStyle);
  }

  /** Shows the masked access key id, region and endpoint; never the secret or the session token. */
  @Override
  public String toString() {
    return "CredentialSet{accessKeyId=" + maskedAccessKeyId()
        + ", secretAccessKey=***, sessionToken=" + (sessionToken == null ? "none" : "***")
        + ", region=" + region
        + ", endpoint=" + (endpoint == null ? "aws" : endpoint)
        + ", pathStyle=" + pathStyle + '}';
  }

  /** Builds a {@link CredentialSet}; {@link #build()} validates every field at once. */
  public static final class Builder {
    private String accessKeyId;
    private String secretAccessKey;
    private String sessionToken;
    private String region = "us-east-1";
    private URI endpoint;
    private Boolean pathStyle;

    private Builder() {}

    /** Required: 1 to 128 printable ASCII characters without spaces. */
    public Builder accessKeyId(String accessKeyId) {
      this.accessKeyId = accessKeyId;
      return this;
    }

    /** Required: 1 to 256 printable ASCII characters without spaces. */
    public Builder secretAccessKey(String secretAccessKey) {
      this.secretAccessKey = secretAccessKey;
      return this;
    }

    /** Optional session token of temporary credentials; {@code null} or empty for none. */
    public Builder sessionToken(String sessionToken) {
      this.sessionToken = sessionToken == null || sessionToken.isEmpty() ? null : sessionToken;
      return this;
    }

    /** The signing region (lower-case letters, digits and {@code -}); defaults to {@code us-east-1}. */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** Endpoint of an S3-compatible service ({@code http} or {@code https}, host, optional port); {@code null} for AWS. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** Path-style bucket addressing; defaults to {@code true} when an endpoint is set, else {@code false}. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws ValidationException naming {@code accessKeyId}, {@code secretAccessKey}, {@code sessionToken},
     *     {@code region} or {@code endpoint} (the builder's own names); messages never echo values
     */
    public CredentialSet build() {
      ValidationException.Collector errors = new ValidationException.Collector();
      if (accessKeyId == null || accessKeyId.isEmpty()) {
        errors.add("accessKeyId", "This field is required.");
      } else if (!printable(accessKeyId, 1, 128)) {
        errors.add("accessKeyId", "The access key id must be 1 to 128 printable characters without spaces.");
      }
      if (secretAccessKey == null || secretAccessKey.isEmpty()) {
        errors.add("secretAccessKey", "This field is required.");
      } else if (!printable(secretAccessKey, 1, 256)) {
        errors.add("secretAccessKey",
            "The secret access key must be 1 to 256 printable characters without spaces.");
      }
      if (sessionToken != null && !printable(sessionToken, 1, 4096)) {
        errors.add("sessionToken", "The session token must be at most 4096 printable characters without spaces.");
      }
      if (region == null || !REGION.matcher(region).matches()) {
        errors.add("region", "The region must be a region name such as us-east-1.");
      }
      if (endpoint != null) {
        String problem = endpointProblem(endpoint);
        if (problem != null) {
          errors.add("endpoint", problem);
        }
      }
      errors.throwIfAny();
      return new CredentialSet(this);
    }

    private static boolean printable(String s, int min, int max) {
      if (s.length() < min || s.length() > max) {
        return false;
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c <= 0x20 || c >= 0x7f) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Parses an endpoint URL as a user typed it ({@code https://host[:port]}), with the same rules as
   * {@link Builder#endpoint(URI)}; {@code null} or empty gives {@code null} (AWS).
   *
   * <pre>{@code
   * URI minio = CredentialSet.parseEndpoint("http://127.0.0.1:9000");
   * }</pre>
   *
   * @throws ValidationException on {@code endpoint} when it is not a URL or not a usable S3 endpoint
   */
  public static URI parseEndpoint(String url) {
    if (url == null || url.isEmpty()) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new ValidationException("endpoint", "The endpoint URL is not a valid URL.");
    }
    String problem = endpointProblem(uri);
    if (problem != null) {
      throw new ValidationException("endpoint", problem);
    }
    return uri;
  }

  /** Why {@code endpoint} is not a usable S3 endpoint, or {@code null} when it is. */
  static String endpointProblem(URI endpoint) {
    String scheme = endpoint.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      return "The endpoint URL must start with http:// or https://.";
    }
    if (endpoint.getHost() == null || endpoint.getHost().isEmpty()) {
      return "The endpoint URL must name a host.";
    }
    if (endpoint.getPort() != -1 && (endpoint.getPort() < 1 || endpoint.getPort() > 65535)) {
      return "The endpoint URL's port must be 1 to 65535.";
    }
    if (endpoint.getRawUserInfo() != null) {
      return "The endpoint URL must not contain a user name or password.";
    }
    if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
      return "The endpoint URL must not have a query or a fragment.";
    }
    String path = endpoint.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      return "The endpoint URL must not have a path.";
    }
    return null;
  }
}
