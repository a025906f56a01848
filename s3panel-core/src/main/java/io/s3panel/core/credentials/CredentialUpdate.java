package io.s3panel.core.credentials;

import java.net.URI;
import java.util.Optional;

/**
 * A change to a stored credential set: every field optional; unset fields keep their stored value.
 * The session token and the endpoint can also be cleared. Immutable.
 *
 * <pre>{@code
 * CredentialUpdate u = CredentialUpdate.builder().secretAccessKey(newSecret).clearSessionToken().build();
 * }</pre>
 */
public final class CredentialUpdate {
  private final String accessKeyId;
  private final String secretAccessKey;
  private final String sessionToken;
  private final boolean clearSessionToken;
  private final String region;
  private final URI endpoint;
  private final boolean clearEndpoint;
  private final Boolean pathStyle;

  private CredentialUpdate(Builder b) {
    this.accessKeyId = b.accessKeyId;
    this.secretAccessKey = b.secretAccessKey;
    this.sessionToken = b.sessionToken;
    this.clearSessionToken = b.clearSessionToken;
    this.region = b.region;
    this.endpoint = b.endpoint;
    this.clearEndpoint = b.clearEndpoint;
    this.pathStyle = b.pathStyle;
  }

  /** A builder that changes nothing yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** Applies this change to {@code current}; the result is validated like any {@link CredentialSet}. */
  public CredentialSet applyTo(CredentialSet current) {
    CredentialSet.Builder b = current.toBuilder();
    if (accessKeyId != null) {
      b.accessKeyId(accessKeyId);
    }
    if (secretAccessKey != null) {
      b.secretAccessKey(secretAccessKey);
    }
    if (clearSessionToken) {
      b.sessionToken(null);
    } else if (sessionToken != null) {
      b.sessionToken(sessionToken);
    }
    if (region != null) {
      b.region(region);
    }
    if (clearEndpoint) {
      b.endpoint(null);
    } else if (endpoint != null) {
      b.endpoint(endpoint);
    }
    if (pathStyle != null) {
      b.pathStyle(pathStyle);
    }
    return b.build();
  }

  /** The new region, if it changes. */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  /** True when nothing changes. */
  public boolean isEmpty() {
    return accessKeyId == null && secretAccessKey == null && sessionToken == null && !clearSessionToken
        && region == null && endpoint == null && !clearEndpoint && pathStyle == null;
  }

  /** Names what changes, never the values of secrets. */
  @Override
  public String toString() {
    return "CredentialUpdate{" + (accessKeyId != null ? "accessKeyId " : "")
        + (secretAccessKey != null ? "secretAccessKey " : "")
        + (sessionToken != null ? "sessionToken " : "") + (clearSessionToken ? "clearSessionToken " : "")
        + (region != null ? "region=" + region + " " : "") + (endpoint != null ? "endpoint=" + endpoint + " " : "")
        + (clearEndpoint ? "clearEndpoint " : "") + (pathStyle != null ? "pathStyle=" + pathStyle : "") + '}';
  }

  /** Builds a {@link CredentialUpdate}. */
  public static final class Builder {
    private String accessKeyId;
    private String secretAccessKey;
    private String sessionToken;
    private boolean clearSessionToken;
    private String region;
    private URI endpoint;
    private boolean clearEndpoint;
    private Boolean pathStyle;

    private Builder() {}

    /** New access key id; {@code null} keeps the stored one. */
    public Builder accessKeyId(String value) {
      this.accessKeyId = value;
      return this;
    }

    /** New secret; {@code null} keeps the stored one. */
    public Builder secretAccessKey(String value) {
      this.secretAccessKey = value;
      return this;
    }

    /** New session token; {@code null} keeps the stored one. */
    public Builder sessionToken(String value) {
      this.sessionToken = value;
      return this;
    }

    /** Removes the stored session token. */
    public Builder clearSessionToken() {
      this.clearSessionToken = true;
      return this;
    }

    /** New region; {@code null} keeps the stored one. */
    public Builder region(String value) {
      this.region = value;
      return this;
    }

    /** New endpoint; {@code null} keeps the stored one. */
    public Builder endpoint(URI value) {
      this.endpoint = value;
      return this;
    }

    /** Goes back to AWS's own endpoints. */
    public Builder clearEndpoint() {
      this.clearEndpoint = true;
      return this;
    }

    /** New path-style flag; {@code null} keeps the stored one. */
    public Builder pathStyle(Boolean value) {
      this.pathStyle = value;
      return this;
    }

    /** Builds. */
    public CredentialUpdate build() {
      return new CredentialUpdate(this);
    }
  }
}
