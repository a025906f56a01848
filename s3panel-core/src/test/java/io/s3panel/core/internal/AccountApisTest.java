package io.s3panel.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.s3panel.core.connect.ConnectionCache;
import io.s3panel.core.connect.OwnedConnection;
import io.s3panel.core.connect.S3Connection;
import io.s3panel.core.exposure.BucketExposure;
import io.s3panel.core.exposure.CredentialHealth;
import io.s3panel.core.exposure.ExposureOptions;
import io.s3panel.core.exposure.ExposureReport;
import io.s3panel.core.exposure.ObjectMode;
import io.s3panel.core.exposure.PublicAccessBlock;
import io.s3panel.core.exposure.Verdict;
import io.s3panel.core.testing.Panels;
import io.s3panel.testing.S3ProxyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Key age and last use (IAM) and the account's public access block (STS + S3 Control) for a set that targets
 * AWS. No real IAM exists here: the account-level requests go to a local responder that answers as the IAM
 * and STS Query APIs and the S3 Control REST API do ({@link AwsAccountApis#at}); S3 itself is S3Proxy. The
 * path for an endpoint that is not AWS (S3Proxy, nulls with a reason) is in {@code ExposureReportTest}.
 */
class AccountApisTest {
  static final String ACCOUNT = "123456789012";
  static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static S3ProxyServer s3;
  static ConnectionCache cache;
  static OwnedConnection proxied;
  static ExecutorService pool;

  @BeforeAll
  static void start() {
    s3 = S3ProxyServer.start().bucket("open-site").bucket("closed");
    s3.admin().putBucketAcl(b -> b.bucket("open-site").acl(BucketCannedACL.PUBLIC_READ));
    cache = ConnectionCache.create(Panels.testSettings());
    proxied = cache.open(Panels.credentials(s3));
    pool = Executors.newFixedThreadPool(8);
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
    proxied.close();
    cache.close();
    s3.close();
  }

  /** S3Proxy's connection, presented as a set with no custom endpoint (one that targets AWS). */
  static S3Connection targetingAws() {
    return new S3Connection() {
      @Override
      public S3Client s3() {
        return proxied.s3();
      }

      @Override
      public S3Presigner presigner() {
        return proxied.presigner();
      }

      @Override
      public String region() {
        return "eu-west-1";
      }

      @Override
      public Optional<URI> endpoint() {
        return Optional.empty();
      }

      @Override
      public boolean pathStyle() {
        return true;
      }
    };
  }

  static DefaultExposureChecks checks(AccountApi api) {
    return new DefaultExposureChecks(targetingAws(), pool, () -> { }, CLOCK, AwsAccountApis.at(api.endpoint()));
  }

  @Test
  void health_readsKeyAgeAndLastUseOfItsOwnKey_fromIam() {
    try (AccountApi api = AccountApi.answering(false)) {
      CredentialHealth h = checks(api).health();
      assertThat(h.ok()).isTrue();
      assertThat(h.buckets()).isEqualTo(2);
      // Created 2026-09-03T08:00Z, checked 2026-12-02T12:00Z: 90 whole days.
      assertThat(h.keyAgeDays()).isEqualTo(90);
      assertThat(h.lastUsed()).isEqualTo(Instant.parse("2026-11-30T10:15:00Z"));
      assertThat(h.lastUsedService()).isEqualTo("s3");
      assertThat(h.keyInfoNote()).isNull();
      assertThat(api.actions).contains("ListAccessKeys", "GetAccessKeyLastUsed");
      // Last use is asked for this key only (the other key of the user is not this set's).
      assertThat(api.bodies).anyMatch(b -> b.contains("Action=GetAccessKeyLastUsed")
          && b.contains("AccessKeyId=" + s3.accessKeyId()));
    }
  }

  @Test
  void health_iamDenied_isOkWithNullsAndTheMissingPermissions() {
    try (AccountApi api = AccountApi.answering(true)) {
      CredentialHealth h = checks(api).health();
      assertThat(h.ok()).isTrue();
      assertThat(h.code()).isNull();
      assertThat(h.keyAgeDays()).isNull();
      assertThat(h.lastUsed()).isNull();
      assertThat(h.lastUsedService()).isNull();
      assertThat(h.keyInfoNote()).contains("Not allowed to read the key's age (iam:ListAccessKeys).")
          .contains("Not allowed to read the key's last use (iam:GetAccessKeyLastUsed).")
          .doesNotContain(s3.accessKeyId());
    }
  }

  @Test
  void health_iamUnreachable_isOkWithNullsAndAReason() {
    AccountApi gone = AccountApi.answering(false);
    URI closed = gone.endpoint();
    gone.close();
    DefaultExposureChecks checks = new DefaultExposureChecks(targetingAws(), pool, () -> { }, CLOCK,
        AwsAccountApis.at(closed));
    CredentialHealth h = checks.health();
    assertThat(h.ok()).isTrue();
    assertThat(h.keyAgeDays()).isNull();
    assertThat(h.keyInfoNote()).contains("Could not read the key's age (aws_unreachable).");
  }

  @Test
  void report_readsTheAccountsPublicAccessBlock_andItMitigatesEveryBucket() {
    try (AccountApi api = AccountApi.answering(false)) {
      ExposureReport report = checks(api).report(ExposureOptions.of(o -> o.objects(ObjectMode.NONE)));
      assertThat(report.accountPublicAccessBlock().value()).isEqualTo(new PublicAccessBlock(true, true, true, false));
      assertThat(api.accountIds).containsOnly(ACCOUNT);
      BucketExposure open = report.buckets().stream().filter(b -> b.bucket().equals("open-site")).findFirst().get();
      // The bucket ACL grants AllUsers READ, but the account ignores public ACLs.
      assertThat(open.verdict()).isEqualTo(Verdict.NOT_PUBLIC);
      assertThat(open.reasons()).contains(
          "READ for AllUsers in the bucket ACL, ignored by IgnorePublicAcls of the account's public access block");
    }
  }

  @Test
  void report_accountBlockDenied_isNullWithAReason_andTheReportCompletes() {
    try (AccountApi api = AccountApi.answering(true)) {
      ExposureReport report = checks(api).report(ExposureOptions.of(o -> o.objects(ObjectMode.NONE)));
      assertThat(report.accountPublicAccessBlock().available()).isFalse();
      assertThat(report.accountPublicAccessBlock().unavailableReason())
          .isEqualTo("Not allowed to read the account's public access block (s3:GetAccountPublicAccessBlock).");
      assertThat(report.buckets()).hasSize(2);
      BucketExposure open = report.buckets().stream().filter(b -> b.bucket().equals("open-site")).findFirst().get();
      assertThat(open.verdict()).isEqualTo(Verdict.PUBLIC);
    }
  }

  @Test
  void customEndpoint_neverAsksTheAccountApis() {
    try (AccountApi api = AccountApi.answering(false)) {
      DefaultExposureChecks checks = new DefaultExposureChecks(proxied, pool, () -> { }, CLOCK,
          AwsAccountApis.at(api.endpoint()));
      CredentialHealth h = checks.health();
      assertThat(h.keyAgeDays()).isNull();
      assertThat(h.keyInfoNote()).contains("not AWS");
      ExposureReport report = checks.report(ExposureOptions.of(o -> o.objects(ObjectMode.NONE)));
      assertThat(report.accountPublicAccessBlock().unavailableReason()).contains("not AWS");
      assertThat(api.actions).isEmpty();
      assertThat(api.accountIds).isEmpty();
    }
  }

  /**
   * A local stand-in for IAM and STS (Query API: form POSTs, XML answers) and S3 Control's
   * GetPublicAccessBlock (REST, XML), answering for account {@link #ACCOUNT} and the S3Proxy key; or
   * AccessDenied to IAM and S3 Control when {@code deny}.
   */
  static final class AccountApi implements AutoCloseable {
    final HttpServer server;
    final List<String> actions = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> accountIds = new CopyOnWriteArrayList<>();

    private AccountApi(boolean deny) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      server.setExecutor(Executors.newFixedThreadPool(2));
      server.createContext("/", exchange -> {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/v20180820/configuration/publicAccessBlock")) {
          accountIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("x-amz-account-id")));
          if (deny) {
            send(exchange, 403, "<Error><Code>AccessDenied</Code><Message>denied</Message></Error>");
          } else {
            send(exchange, 200, "<PublicAccessBlockConfiguration xmlns=\"http://awss3control.amazonaws.com/doc/"
                + "2018-08-20/\"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>"
                + "<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>false</RestrictPublicBuckets>"
                + "</PublicAccessBlockConfiguration>");
          }
          return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        bodies.add(body);
        String action = body.replaceAll(".*Action=([A-Za-z]+).*", "$1");
        actions.add(action);
        switch (action) {
          case "GetCallerIdentity" -> send(exchange, 200, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/"
              + "doc/2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::" + ACCOUNT + ":user/alice</Arn>"
              + "<UserId>AIDAEXAMPLE</UserId><Account>" + ACCOUNT + "</Account></GetCallerIdentityResult>"
              + "<ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetCallerIdentityResponse>");
          case "ListAccessKeys" -> {
            if (deny) {
              denied(exchange);
            } else {
              send(exchange, 200, "<ListAccessKeysResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                  + "<ListAccessKeysResult><AccessKeyMetadata>"
                  + member("AKIAOTHERKEY00000000", "2025-01-01T00:00:00Z")
                  + member(s3.accessKeyId(), "2026-09-03T08:00:00Z")
                  + "</AccessKeyMetadata><IsTruncated>false</IsTruncated></ListAccessKeysResult>"
                  + "<ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></ListAccessKeysResponse>");
            }
          }
          case "GetAccessKeyLastUsed" -> {
            if (deny) {
              denied(exchange);
            } else {
              send(exchange, 200, "<GetAccessKeyLastUsedResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                  + "<GetAccessKeyLastUsedResult><AccessKeyLastUsed><Region>eu-west-1</Region>"
                  + "<LastUsedDate>2026-11-30T10:15:00Z</LastUsedDate><ServiceName>s3</ServiceName>"
                  + "</AccessKeyLastUsed><UserName>alice</UserName></GetAccessKeyLastUsedResult>"
                  + "<ResponseMetadata><RequestId>r3</RequestId></ResponseMetadata></GetAccessKeyLastUsedResponse>");
            }
          }
          default -> send(exchange, 400, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code>"
              + "<Message>unknown</Message></Error><RequestId>r4</RequestId></ErrorResponse>");
        }
      });
      server.start();
    }

    static AccountApi answering(boolean deny) {
      try {
        return new AccountApi(deny);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    URI endpoint() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static String member(String keyId, String created) {
      return "<member><UserName>alice</UserName><AccessKeyId>" + keyId + "</AccessKeyId><Status>Active</Status>"
          + "<CreateDate>" + created + "</CreateDate></member>";
    }

    private static void denied(HttpExchange exchange) throws IOException {
      send(exchange, 403, "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender"
          + "</Type><Code>AccessDenied</Code><Message>User is not authorized</Message></Error>"
          + "<RequestId>r5</RequestId></ErrorResponse>");
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
      byte[] body = xml.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/xml");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      ((ExecutorService) server.getExecutor()).shutdownNow();
    }
  }
}
