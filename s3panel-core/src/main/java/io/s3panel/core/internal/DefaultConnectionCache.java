package io.s3panel.core.internal;

import io.s3panel.core.AccessDeniedException;
import io.s3panel.core.EndpointNotAllowedException;
import io.s3panel.core.InvalidCredentialsException;
import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.S3UnreachableException;
import io.s3panel.core.ValidationException;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.credentials.SealedCredential;
import io.s3panel.core.connect.ConnectionCache;
import io.s3panel.core.connect.ConnectionSettings;
import io.s3panel.core.connect.EndpointPolicy;
import io.s3panel.core.connect.OwnedConnection;
import io.s3panel.core.connect.S3Connection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sts.StsClient;

/** The {@link ConnectionCache}: an access-ordered map under one lock; clients are built outside it. */
public final class DefaultConnectionCache implements ConnectionCache {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultConnectionCache.class);

  private final ConnectionSettings settings;
  private final EndpointPolicy policy;
  private final SdkHttpClient http;
  private final ClientOverrideConfiguration overrides;
  private final ScheduledExecutorService closer;
  private final Map<CredentialRef, Slot> slots = new LinkedHashMap<>(64, 0.75f, true);
  private final AtomicLong built = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private volatile boolean closed;

  /** A cache with its own HTTP pool sized and timed by {@code settings}; {@code policy} {@code null}: no check. */
  public DefaultConnectionCache(ConnectionSettings settings, EndpointPolicy policy) {
    this.settings = settings;
    this.policy = policy;
    this.http = ApacheHttpClient.builder()
        .maxConnections(settings.maxConnections())
        .connectionTimeout(settings.connectTimeout())
        .socketTimeout(settings.apiCallAttemptTimeout())
        .connectionAcquisitionTimeout(settings.apiCallAttemptTimeout())
        .build();
    this.overrides = ClientOverrideConfiguration.builder()
        .apiCallTimeout(settings.apiCallTimeout())
        .apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(settings.maxAttempts())
            .build())
        .addExecutionInterceptor(new DotSegmentEncoder())
        .build();
    this.closer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "s3panel-client-closer");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public S3Connection get(SealedCredential sealed, Function<SealedCredential, CredentialSet> opener) {
    ensureOpen();
    Slot slot;
    List<Slot> retired = new ArrayList<>();
    synchronized (slots) {
      slot = slots.get(sealed.ref());
      if (slot == null || slot.version != sealed.version()) {
        if (slot != null) {
          retired.add(slot);
        }
        slot = new Slot(sealed.version());
        slots.put(sealed.ref(), slot);
        Iterator<Map.Entry<CredentialRef, Slot>> it = slots.entrySet().iterator();
        while (slots.size() > settings.maxCachedClients() && it.hasNext()) {
          retired.add(it.next().getValue());
          it.remove();
        }
      }
    }
    retired.forEach(this::retire);
    return slot.connection(sealed, opener);
  }

  @Override
  public OwnedConnection open(CredentialSet set) {
    ensureOpen();
    return build(set);
  }

  @Override
  public void invalidate(CredentialRef ref) {
    Slot slot;
    synchronized (slots) {
      slot = slots.remove(ref);
    }
    if (slot != null) {
      retire(slot);
    }
  }

  @Override
  public void invalidateOwner(String owner) {
    List<Slot> retired = new ArrayList<>();
    synchronized (slots) {
      Iterator<Map.Entry<CredentialRef, Slot>> it = slots.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<CredentialRef, Slot> e = it.next();
        if (e.getKey().owner().equals(owner)) {
          retired.add(e.getValue());
          it.remove();
        }
      }
    }
    retired.forEach(this::retire);
  }

  @Override
  public void validate(CredentialSet set) {
    boolean aws = set.endpoint().map(EndpointPolicy::isAws).orElse(true);
    if (aws) {
      try (StsClient sts = StsClient.builder()
          .httpClient(http)
          .region(Region.of(set.region()))
          .credentialsProvider(StaticCredentialsProvider.create(awsCredentials(set)))
          .overrideConfiguration(overrides)
          .build()) {
        sts.getCallerIdentity();
      } catch (SdkException e) {
        throw S3Errors.translate(e, null, null);
      }
      return;
    }
    S3AnswerProbe probe = new S3AnswerProbe();
    try (Connection c = build(set, probe)) {
      c.s3().listBuckets();
      if (!probe.rootIs("ListAllMyBucketsResult")) {
        throw new InvalidCredentialsException(NOT_S3);
      }
    } catch (AwsServiceException e) {
      if (!probe.rootIs("Error")) {
        throw new InvalidCredentialsException(NOT_S3, e);
      }
      S3PanelException translated = S3Errors.translate(e, null, null);
      if (translated instanceof AccessDeniedException) {
        return; // authenticated; just not allowed to list buckets
      }
      throw translated;
    } catch (SdkException e) {
      S3PanelException translated = S3Errors.translate(e, null, null);
      if (translated instanceof OperationCancelledException) {
        throw translated;
      }
      // Refused, reset, timed out, TLS failure, unparseable: one answer, so ports cannot be told apart.
      throw new InvalidCredentialsException(NOT_S3, e);
    }
  }

  @Override
  public Stats stats() {
    int size;
    synchronized (slots) {
      size = slots.size();
    }
    return new Stats(built.get(), size, hits.get(), misses.get());
  }

  @Override
  public void close() {
    closed = true;
    List<Slot> all;
    synchronized (slots) {
      all = new ArrayList<>(slots.values());
      slots.clear();
    }
    all.forEach(Slot::closeNow);
    closer.shutdownNow();
    http.close();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("The connection cache is closed.");
    }
  }

  private void retire(Slot slot) {
    try {
      closer.schedule(slot::closeNow, settings.apiCallTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      slot.closeNow();
    }
  }

  private Connection build(CredentialSet set) {
    return build(set, null);
  }

  private Connection build(CredentialSet set, ExecutionInterceptor probe) {
    built.incrementAndGet();
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(awsCredentials(set));
    Region region = Region.of(set.region());
    Optional<URI> endpoint = set.endpoint();
    S3ClientBuilder builder = S3Client.builder()
        .httpClient(http)
        .region(region)
        .credentialsProvider(credentials)
        .overrideConfiguration(probe == null ? overrides : overrides.toBuilder().addExecutionInterceptor(probe).build())
        .forcePathStyle(set.pathStyle());
    if (endpoint.isPresent() && !EndpointPolicy.isAws(endpoint.get())) {
      // S3-compatible services often reject the newer default checksums.
      builder.endpointOverride(endpoint.get())
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    } else {
      endpoint.ifPresent(builder::endpointOverride);
      builder.crossRegionAccessEnabled(true);
    }
    return new Connection(builder.build(), credentials, region, endpoint, set.pathStyle());
  }

  /** The policy, checked again for every client of a stored set: a removed allowlist entry cuts the set off. */
  private void checkPolicy(SealedCredential sealed, CredentialSet set) {
    if (policy == null || set.endpoint().isEmpty()) {
      return;
    }
    try {
      policy.check(set.endpoint().get());
    } catch (EndpointPolicy.HostUnresolvedException e) {
      throw new S3UnreachableException("The S3 endpoint's host name cannot be resolved.", e);
    } catch (ValidationException e) {
      throw EndpointNotAllowedException.forSet(sealed.identifier());
    }
  }

  private static AwsCredentials awsCredentials(CredentialSet set) {
    return set.sessionToken()
        .<AwsCredentials>map(t -> AwsSessionCredentials.create(set.accessKeyId(), set.secretAccessKey(), t))
        .orElseGet(() -> AwsBasicCredentials.create(set.accessKeyId(), set.secretAccessKey()));
  }

  @Override
  public String toString() {
    return "ConnectionCache{" + stats() + ", " + settings + '}';
  }

  /** One cache entry; its connection is built once, on first use, outside the cache lock. */
  private final class Slot {
    final long version;
    private Connection connection;
    private boolean retired;

    Slot(long version) {
      this.version = version;
    }

    synchronized S3Connection connection(SealedCredential sealed, Function<SealedCredential, CredentialSet> opener) {
      if (connection != null) {
        hits.incrementAndGet();
        return connection;
      }
      misses.incrementAndGet();
      CredentialSet set = opener.apply(sealed);
      checkPolicy(sealed, set);
      Connection c = build(set);
      if (retired) {
        // Replaced while building: serve this one call, then close it after the grace period.
        closer.schedule(c::close, settings.apiCallTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        return c;
      }
      connection = c;
      return c;
    }

    synchronized void closeNow() {
      retired = true;
      if (connection != null) {
        connection.close();
        connection = null;
      }
    }
  }

  /** A client and a lazily built presigner. */
  private static final class Connection implements OwnedConnection {
    private final S3Client s3;
    private final StaticCredentialsProvider credentials;
    private final Region region;
    private final Optional<URI> endpoint;
    private final boolean pathStyle;
    private volatile S3Presigner presigner;

    Connection(S3Client s3, StaticCredentialsProvider credentials, Region region, Optional<URI> endpoint,
        boolean pathStyle) {
      this.s3 = s3;
      this.credentials = credentials;
      this.region = region;
      this.endpoint = endpoint;
      this.pathStyle = pathStyle;
    }

    @Override
    public S3Client s3() {
      return s3;
    }

    @Override
    public S3Presigner presigner() {
      S3Presigner p = presigner;
      if (p == null) {
        synchronized (this) {
          p = presigner;
          if (p == null) {
            S3Presigner.Builder b = S3Presigner.builder()
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
            endpoint.ifPresent(b::endpointOverride);
            p = b.build();
            presigner = p;
          }
        }
      }
      return p;
    }

    @Override
    public String region() {
      return region.id();
    }

    @Override
    public Optional<URI> endpoint() {
      return endpoint;
    }

    @Override
    public boolean pathStyle() {
      return pathStyle;
    }

    @Override
    public void close() {
      try {
        s3.close();
        S3Presigner p = presigner;
        if (p != null) {
          p.close();
        }
      } catch (RuntimeException e) {
        LOG.debug("Closing an S3 client failed", e);
      }
    }

    @Override
    public String toString() {
      return "S3Connection{region=" + region + ", endpoint=" + endpoint.map(URI::toString).orElse("aws")
          + ", pathStyle=" + pathStyle + '}';
    }
  }

  /**
   * Reads the root element of every answer of one validation client, so validation can require S3's
   * documents ({@code ListAllMyBucketsResult}, {@code Error}) instead of trusting any 200. Peeks at the
   * first bytes only and hands the whole body on unchanged.
   */
  private static final class S3AnswerProbe implements ExecutionInterceptor {
    private static final int PEEK = 2048;
    private volatile String root;

    boolean rootIs(String name) {
      return name.equals(root);
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
        ExecutionAttributes attributes) {
      Optional<InputStream> body = context.responseBody();
      root = null;
      if (body.isEmpty()) {
        return body;
      }
      try {
        byte[] head = body.get().readNBytes(PEEK);
        root = rootElement(new String(head, StandardCharsets.UTF_8));
        return Optional.of(new SequenceInputStream(new ByteArrayInputStream(head), body.get()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The local name of the first element of an XML text, or {@code null} when it does not start as XML. */
    static String rootElement(String text) {
      int i = text.startsWith("\uFEFF") ? 1 : 0;
      while (i < text.length()) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        if (text.startsWith("<?", i)) {
          int end = text.indexOf("?>", i);
          if (end < 0) {
            return null;
          }
          i = end + 2;
        } else if (text.startsWith("<!--", i)) {
          int end = text.indexOf("-->", i);
          if (end < 0) {
            return null;
          }
          i = end + 3;
        } else if (text.startsWith("<", i) && !text.startsWith("<!", i)) {
          int start = i + 1;
          int end = start;
          while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || "_:.-".indexOf(text.charAt(end)) >= 0)) {
            end++;
          }
          String name = text.substring(start, end);
          return name.substring(name.indexOf(':') + 1);
        } else {
          return null;
        }
      }
      return null;
    }
  }
}
