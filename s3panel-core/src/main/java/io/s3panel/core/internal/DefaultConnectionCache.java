package io.s3panel.core.internal;

import io.s3panel.core.AccessDeniedException;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.credentials.SealedCredential;
import io.s3panel.core.connect.ConnectionCache;
import io.s3panel.core.connect.ConnectionSettings;
import io.s3panel.core.connect.EndpointPolicy;
import io.s3panel.core.connect.OwnedConnection;
import io.s3panel.core.connect.S3Connection;
import java.net.URI;
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
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
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
  private final SdkHttpClient http;
  private final ClientOverrideConfiguration overrides;
  private final ScheduledExecutorService closer;
  private final Map<CredentialRef, Slot> slots = new LinkedHashMap<>(64, 0.75f, true);
  private final AtomicLong built = new AtomicLong();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private volatile boolean closed;

  /** A cache with its own HTTP pool sized and timed by {@code settings}. */
  public DefaultConnectionCache(ConnectionSettings settings) {
    this.settings = settings;
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
    try (OwnedConnection c = build(set)) {
      c.s3().listBuckets();
    } catch (SdkException e) {
      RuntimeException translated = S3Errors.translate(e, null, null);
      if (translated instanceof AccessDeniedException) {
        return; // authenticated; just not allowed to list buckets
      }
      throw translated;
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
    built.incrementAndGet();
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(awsCredentials(set));
    Region region = Region.of(set.region());
    Optional<URI> endpoint = set.endpoint();
    S3ClientBuilder builder = S3Client.builder()
        .httpClient(http)
        .region(region)
        .credentialsProvider(credentials)
        .overrideConfiguration(overrides)
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
      Connection c = build(opener.apply(sealed));
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
}
