package io.s3panel.core.internal;

import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.connect.EndpointPolicy;
import io.s3panel.core.connect.S3Connection;
import io.s3panel.core.exposure.Check;
import io.s3panel.core.exposure.PublicAccessBlock;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.utils.AttributeMap;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyLastUsed;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.ListAccessKeysResponse;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The account-level AWS APIs the exposure report and credential health ask, with the set's own key and only
 * when the set targets AWS: IAM (the key's age and last use) and STS + S3 Control (the account's public
 * access block). Every answer that is not there — an endpoint that is not AWS, temporary keys, a call the key
 * may not make, AWS unreachable — is {@code null} with a reason, never a failure. Each call is bounded by
 * {@link #CALL_TIMEOUT} (two attempts at most). Clients are built for one use and closed.
 */
final class AwsAccountApis {
  /** The longest one account-level call may take, retries included. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(8);

  private final URI endpointOverride;

  private AwsAccountApis(URI endpointOverride) {
    this.endpointOverride = endpointOverride;
  }

  /** AWS's own endpoints. */
  static AwsAccountApis aws() {
    return new AwsAccountApis(null);
  }

  /**
   * Every IAM, STS and S3 Control request sent to {@code endpoint} instead (an AWS-compatible account API,
   * or a local responder in tests); the set must still target AWS for any of them to be asked.
   */
  static AwsAccountApis at(URI endpoint) {
    return new AwsAccountApis(endpoint);
  }

  /**
   * Key age and last use.
   *
   * @param ageDays whole days since IAM created the key, or {@code null}
   * @param lastUsed when IAM last saw the key used, or {@code null}
   * @param lastUsedService the service it was last used with (e.g. {@code s3}), or {@code null}
   * @param note why something is {@code null}, or {@code null} when all was read
   */
  record KeyInfo(Long ageDays, Instant lastUsed, String lastUsedService, String note) {
    static KeyInfo none(String note) {
      return new KeyInfo(null, null, null, note);
    }
  }

  /** True when the connection's set targets AWS (no custom endpoint, or one of AWS's own). */
  static boolean targetsAws(S3Connection connection) {
    return connection.endpoint().map(EndpointPolicy::isAws).orElse(true);
  }

  /** Age and last use of the connection's access key, from IAM, for the key's own IAM user. */
  KeyInfo keyInfo(S3Connection connection, Clock clock) {
    if (!targetsAws(connection)) {
      return KeyInfo.none("Key age and last use are unknown: the endpoint is not AWS and has no IAM.");
    }
    AwsCredentialsIdentity key;
    try {
      key = credentials(connection).resolveIdentity().join();
    } catch (RuntimeException e) {
      return KeyInfo.none("Key age and last use were not read: the key could not be resolved.");
    }
    if (key instanceof AwsSessionCredentialsIdentity) {
      return KeyInfo.none("Key age and last use are not kept for temporary keys (a set with a session token).");
    }
    String id = key.accessKeyId();
    Region region = iamRegion(connection.region());
    try (IamClient iam = configure(IamClient.builder(), connection, region).build()) {
      Long age = null;
      StringBuilder note = new StringBuilder();
      try {
        AccessKeyMetadata meta = findKey(iam, id);
        if (meta == null || meta.createDate() == null) {
          note.append("IAM did not list this key among its user's keys (a root or federated key?). ");
        } else {
          age = Duration.between(meta.createDate(), clock.instant()).toDays();
        }
      } catch (SdkException e) {
        note.append(reason("the key's age", "iam:ListAccessKeys", e)).append(' ');
      }
      Instant lastUsed = null;
      String service = null;
      try {
        AccessKeyLastUsed used = iam.getAccessKeyLastUsed(b -> b.accessKeyId(id)).accessKeyLastUsed();
        if (used != null) {
          lastUsed = used.lastUsedDate();
          service = used.serviceName() == null || "N/A".equals(used.serviceName()) ? null : used.serviceName();
        }
        if (lastUsed == null) {
          note.append("IAM has no record of the key's last use (never used, or used before IAM began tracking). ");
        }
      } catch (SdkException e) {
        note.append(reason("the key's last use", "iam:GetAccessKeyLastUsed", e)).append(' ');
      }
      String text = note.toString().trim();
      return new KeyInfo(age, lastUsed, service, text.isEmpty() ? null : text);
    } catch (OperationCancelledException e) {
      throw e;
    } catch (RuntimeException e) {
      return KeyInfo.none("Key age and last use were not read: the IAM client could not be set up.");
    }
  }

  /** The account's public access block: the account id from STS GetCallerIdentity, then S3 Control. */
  Check<PublicAccessBlock> accountPublicAccessBlock(S3Connection connection) {
    if (!targetsAws(connection)) {
      return Check.unavailable("The endpoint is not AWS; S3-compatible services have no account-level public "
          + "access block.");
    }
    Region region = Region.of(connection.region());
    String account;
    try (StsClient sts = configure(StsClient.builder(), connection, region).build()) {
      account = sts.getCallerIdentity().account();
    } catch (SdkException e) {
      return Check.unavailable(reason("the account id for the account's public access block",
          "sts:GetCallerIdentity", e));
    }
    if (account == null || !account.matches("[0-9]{12}")) {
      return Check.unavailable("STS did not name the key's AWS account, so the account's public access block "
          + "was not read.");
    }
    try (S3ControlClient control = configure(S3ControlClient.builder(), connection, region).build()) {
      return DefaultExposureChecks.publicAccessBlock("S3 Control",
          () -> control.getPublicAccessBlock(b -> b.accountId(account)).publicAccessBlockConfiguration(),
          c -> Arrays.asList(c.blockPublicAcls(), c.ignorePublicAcls(), c.blockPublicPolicy(),
              c.restrictPublicBuckets()));
    } catch (SdkException e) {
      return Check.unavailable(reason("the account's public access block", "s3:GetAccountPublicAccessBlock", e));
    }
  }

  private static AccessKeyMetadata findKey(IamClient iam, String id) {
    String marker = null;
    for (int page = 0; page < 5; page++) { // a user has at most 2 keys; bounded anyway
      String m = marker;
      ListAccessKeysResponse r = iam.listAccessKeys(b -> {
        if (m != null) {
          b.marker(m);
        }
      });
      for (AccessKeyMetadata k : r.accessKeyMetadata()) {
        if (id.equals(k.accessKeyId())) {
          return k;
        }
      }
      if (!Boolean.TRUE.equals(r.isTruncated()) || r.marker() == null) {
        return null;
      }
      marker = r.marker();
    }
    return null;
  }

  /** Why {@code what} could not be read, naming the permission when it was denied; never the key or S3's text. */
  private static String reason(String what, String permission, SdkException e) {
    S3PanelException t = S3Errors.translate(e, null, null);
    if (t instanceof OperationCancelledException) {
      throw t;
    }
    if (t instanceof io.s3panel.core.AccessDeniedException) {
      return "Not allowed to read " + what + " (" + permission + ").";
    }
    if (t instanceof io.s3panel.core.InvalidCredentialsException) {
      return "AWS did not accept the key when reading " + what + ".";
    }
    return "Could not read " + what + " (" + t.code().code() + ").";
  }

  private <B extends AwsSyncClientBuilder<B, ?> & software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>>
      B configure(B builder, S3Connection connection, Region region) {
    ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder()
        .apiCallTimeout(CALL_TIMEOUT)
        .apiCallAttemptTimeout(CALL_TIMEOUT.dividedBy(2))
        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(2).build());
    ApacheHttpClient.Builder http = ApacheHttpClient.builder()
        .maxConnections(2)
        .connectionTimeout(Duration.ofSeconds(3))
        .socketTimeout(CALL_TIMEOUT.dividedBy(2));
    if (endpointOverride != null) {
      builder.endpointOverride(endpointOverride)
          .httpClientBuilder(new SendTo.Builder(http, endpointOverride));
    } else {
      builder.httpClientBuilder(http);
    }
    builder.region(region)
        .credentialsProvider(credentials(connection))
        .overrideConfiguration(overrides.build());
    return builder;
  }

  private static IdentityProvider<? extends AwsCredentialsIdentity> credentials(S3Connection connection) {
    return connection.s3().serviceClientConfiguration().credentialsProvider();
  }

  /** IAM is global per partition. */
  static Region iamRegion(String region) {
    if (region != null && region.startsWith("cn-")) {
      return Region.AWS_CN_GLOBAL;
    }
    if (region != null && region.startsWith("us-gov-")) {
      return Region.AWS_US_GOV_GLOBAL;
    }
    return Region.AWS_GLOBAL;
  }

  /**
   * An HTTP client that sends every request to one scheme, host and port, whatever host the SDK's endpoint
   * rules chose (S3 Control puts the account id in front of the host name): for {@link #at} only.
   */
  private static final class SendTo implements SdkHttpClient {
    private final SdkHttpClient delegate;
    private final URI target;

    private SendTo(SdkHttpClient delegate, URI target) {
      this.delegate = delegate;
      this.target = target;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      SdkHttpRequest moved = request.httpRequest().toBuilder().protocol(target.getScheme()).host(target.getHost())
          .port(target.getPort()).build();
      HttpExecuteRequest.Builder b = HttpExecuteRequest.builder().request(moved);
      request.contentStreamProvider().ifPresent(b::contentStreamProvider);
      request.metricCollector().ifPresent(b::metricCollector);
      return delegate.prepareRequest(b.build());
    }

    @Override
    public String clientName() {
      return delegate.clientName();
    }

    @Override
    public void close() {
      delegate.close();
    }

    /** Builds the delegate with the SDK's defaults, then wraps it; the SDK client owns and closes it. */
    private static final class Builder implements SdkHttpClient.Builder<Builder> {
      private final SdkHttpClient.Builder<?> delegate;
      private final URI target;

      Builder(SdkHttpClient.Builder<?> delegate, URI target) {
        this.delegate = delegate;
        this.target = target;
      }

      @Override
      public SdkHttpClient buildWithDefaults(AttributeMap defaults) {
        return new SendTo(delegate.buildWithDefaults(defaults), target);
      }
    }
  }

  @Override
  public String toString() {
    return "AwsAccountApis{" + Optional.ofNullable(endpointOverride).map(URI::toString).orElse("aws") + '}';
  }
}
