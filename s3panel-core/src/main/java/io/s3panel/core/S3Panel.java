package io.s3panel.core;

import io.s3panel.core.connect.ConnectionCache;
import io.s3panel.core.connect.ConnectionSettings;
import io.s3panel.core.connect.EndpointPolicy;
import io.s3panel.core.credentials.CachingCredentialStore;
import io.s3panel.core.credentials.CredentialManager;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.credentials.CredentialStore;
import io.s3panel.core.credentials.InMemoryCredentialStore;
import io.s3panel.core.credentials.SealedCredential;
import io.s3panel.core.credentials.CredentialSummary;
import io.s3panel.core.exposure.ExposureListener;
import io.s3panel.core.exposure.ExposureOptions;
import io.s3panel.core.exposure.ExposureProgress;
import io.s3panel.core.exposure.ExposureReport;
import io.s3panel.core.exposure.BucketExposure;
import io.s3panel.core.exposure.SetExposure;
import io.s3panel.core.internal.DefaultCredentialManager;
import io.s3panel.core.internal.DefaultS3Account;
import io.s3panel.core.objects.TransferSettings;
import io.s3panel.core.vault.Vault;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The library's entry point: several users' sealed credential sets, and for each set a cached S3
 * connection that browses, presigns, counts storage and reports what is public ({@link #exposure}).
 *
 * <p>Owns a connection cache (one shared HTTP pool) and a bounded worker pool for concurrent ACL
 * look-ups and bucket scans; {@link #close()} releases both. Thread-safe: build one per application.
 *
 * <pre>{@code
 * try (S3Panel panel = S3Panel.builder()
 *     .credentialStore(new InMemoryCredentialStore())
 *     .vault(Vault.create(Keysets.generate()))
 *     .build()) {
 *   panel.credentials().add("alice", "prod", set);         // checked against S3, stored sealed
 *   S3Account prod = panel.account("alice", "prod");
 *   FolderPage page = prod.folderPage(FolderPageRequest.of(b -> b.bucket("photos")));
 * }
 * }</pre>
 */
public final class S3Panel implements AutoCloseable {
  private final CredentialStore store;
  private volatile Vault vault;
  private final ConnectionCache connections;
  private final ThreadPoolExecutor workers;
  private final int grantConcurrency;
  private final TransferSettings transfers;
  private final Clock clock;
  private final DefaultCredentialManager credentials;

  private S3Panel(Builder b) {
    this.store = b.store;
    this.vault = b.vault;
    this.connections = ConnectionCache.create(b.connectionSettings, b.endpointPolicy.trusting(b.defaultEndpoint));
    this.grantConcurrency = b.grantConcurrency;
    this.transfers = b.transfers;
    this.clock = b.clock;
    AtomicInteger n = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(b.workerThreads, b.workerThreads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "s3panel-worker-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.workers.allowCoreThreadTimeOut(true);
    this.credentials = new DefaultCredentialManager(store, () -> vault, connections, b.endpointPolicy,
        b.defaultEndpoint, b.defaultPathStyle, b.clock);
  }

  /** A builder; a {@link Vault} is required, everything else has a default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Add, list, change and delete credential sets. */
  public CredentialManager credentials() {
    return credentials;
  }

  /**
   * The account of the owner's set {@code identifier}, or of the owner's oldest set when
   * {@code identifier} is {@code null} or empty. Cheap: the S3 client is cached per set and version and
   * the set is decrypted only when a client is built.
   *
   * @throws NotFoundException if the owner has no such set (or none at all); another owner's set is
   *     reported exactly like a missing one
   * @throws CredentialUnreadableException if the stored set does not decrypt
   * @throws EndpointNotAllowedException if the set's endpoint is no longer allowed by the endpoint policy
   */
  public S3Account account(String owner, String identifier) {
    SealedCredential sealed;
    try {
      sealed = credentials.resolve(owner, identifier);
    } catch (NotFoundException e) {
      if (identifier != null && CredentialRef.isValidIdentifier(identifier)) {
        // Deleted elsewhere (another server on the same database): its client, if any, goes too.
        connections.invalidate(new CredentialRef(owner, identifier));
      }
      throw e;
    }
    return new DefaultS3Account(sealed.identifier(), connections.get(sealed, s -> vault.open(s)), workers,
        grantConcurrency, transfers, () -> connections.validate(vault.open(sealed)), clock, false);
  }

  /**
   * An account straight from a plaintext set, outside any store; the caller must close it. The endpoint
   * policy is not applied here (stored sets are checked whenever their client is built) (it guards sets added by users through {@link #credentials()}): check
   * untrusted endpoints with {@link EndpointPolicy#check} before calling this.
   */
  public S3Account open(CredentialSet set) {
    return new DefaultS3Account("", connections.open(set), workers, grantConcurrency, transfers,
        () -> connections.validate(set), clock, true);
  }

  /**
   * The exposure report of one of the owner's sets ({@code identifier}) or, when it is {@code null} or
   * empty, of every set of the owner in turn, oldest first. A set whose report fails (keys rejected,
   * endpoint unreachable or timing out, set no longer decrypting) is listed with its error and the other
   * sets are still reported on. The options' listener hears progress summed over the sets (the bucket
   * total grows as each set's buckets are listed); the options' cancellation stops the whole run.
   *
   * @throws NotFoundException if {@code identifier} names no set of the owner
   * @throws OperationCancelledException if the options' cancellation was set
   */
  public List<SetExposure> exposure(String owner, String identifier, ExposureOptions options) {
    List<String> identifiers = new ArrayList<>();
    if (identifier == null || identifier.isEmpty()) {
      for (CredentialSummary s : credentials.list(owner)) {
        identifiers.add(s.identifier());
      }
    } else {
      identifiers.add(credentials.resolve(owner, identifier).identifier());
    }
    ExposureListener outer = options.listener();
    long[] before = new long[3]; // buckets done, buckets total, objects checked by finished sets
    List<SetExposure> out = new ArrayList<>(identifiers.size());
    for (String id : identifiers) {
      long doneBefore = before[0];
      long totalBefore = before[1];
      long objectsBefore = before[2];
      ExposureProgress[] last = {new ExposureProgress(0, 0, 0)};
      ExposureOptions perSet = options.toBuilder().listener(new ExposureListener() {
        @Override
        public void onProgress(ExposureProgress p) {
          last[0] = p;
          outer.onProgress(new ExposureProgress((int) (doneBefore + p.bucketsDone()),
              (int) (totalBefore + p.bucketsTotal()), objectsBefore + p.objectsChecked()));
        }

        @Override
        public void onBucketDone(BucketExposure bucket) {
          outer.onBucketDone(bucket);
        }
      }).build();
      try (S3Account account = account(owner, id)) {
        ExposureReport report = account.exposure().report(perSet);
        out.add(SetExposure.of(id, report));
      } catch (OperationCancelledException e) {
        throw e;
      } catch (S3PanelException e) {
        out.add(SetExposure.failed(id, e.code(), e.getMessage()));
      }
      before[0] += last[0].bucketsDone();
      before[1] += last[0].bucketsTotal();
      before[2] += last[0].objectsChecked();
    }
    return out;
  }

  /** The current vault. */
  public Vault vault() {
    return vault;
  }

  /**
   * Swaps the vault, e.g. after key rotation; calls after this seal with the new primary key. The new
   * vault must still open everything the store holds (keep the old keys until re-encryption is done).
   * When the store is a {@link CachingCredentialStore}, its cached rows are dropped, so rows re-encrypted
   * by a rotation run elsewhere are read again at once.
   */
  public void replaceVault(Vault replacement) {
    this.vault = Objects.requireNonNull(replacement, "replacement");
    if (store instanceof CachingCredentialStore cache) {
      // Rows re-encrypted by a rotation elsewhere are read again rather than served from the cache.
      cache.invalidateAll();
    }
  }

  /** The store. */
  public CredentialStore store() {
    return store;
  }

  /** The connection cache, e.g. for its {@link ConnectionCache#stats()}. */
  public ConnectionCache connections() {
    return connections;
  }

  /** Closes the cached clients and stops the worker pool. */
  @Override
  public void close() {
    workers.shutdownNow();
    connections.close();
  }

  @Override
  public String toString() {
    return "S3Panel{" + store + ", " + vault + ", " + connections + '}';
  }

  /** Builds an {@link S3Panel}. */
  public static final class Builder {
    private CredentialStore store = new InMemoryCredentialStore();
    private Vault vault;
    private ConnectionSettings connectionSettings = ConnectionSettings.defaults();
    private EndpointPolicy endpointPolicy = EndpointPolicy.awsOnly();
    private URI defaultEndpoint;
    private boolean defaultPathStyle;
    private Clock clock = Clock.systemUTC();
    private int grantConcurrency = 16;
    private int workerThreads = 64;
    private TransferSettings transfers = TransferSettings.defaults();

    private Builder() {}

    /**
     * Where sealed sets live; default an empty {@link InMemoryCredentialStore}. Wrap a database-backed
     * store in a {@link CachingCredentialStore} to spare a read per request; the panel then also drops its
     * cached rows on {@link CredentialManager#forgetOwner} and {@link S3Panel#replaceVault}.
     */
    public Builder credentialStore(CredentialStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Required: seals and opens sets. */
    public Builder vault(Vault vault) {
      this.vault = Objects.requireNonNull(vault, "vault");
      return this;
    }

    /** Timeouts, retries and pool sizes; default {@link ConnectionSettings#defaults()}. */
    public Builder connectionSettings(ConnectionSettings settings) {
      this.connectionSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Which custom endpoints users may add; default {@link EndpointPolicy#awsOnly()}. */
    public Builder endpointPolicy(EndpointPolicy policy) {
      this.endpointPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The endpoint of a deployment that fronts one S3-compatible service: sets added without an endpoint
     * use it. It is trusted (the endpoint policy does not apply to it). {@code null} for AWS.
     */
    public Builder defaultEndpoint(URI endpoint, boolean pathStyle) {
      this.defaultEndpoint = endpoint;
      this.defaultPathStyle = pathStyle;
      return this;
    }

    /** Time source for created/updated times and health checks; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** ACL look-ups of one listing that run at once, 1 to 256; default 16. */
    public Builder grantConcurrency(int value) {
      this.grantConcurrency = value;
      return this;
    }

    /**
     * Threads shared by every listing's ACL look-ups, every scan's buckets and every upload's parts, 1 to
     * 1024; default 64.
     */
    public Builder workerThreads(int value) {
      this.workerThreads = value;
      return this;
    }

    /** Part sizes, parts in flight and copy thresholds of uploads and copies; default {@link TransferSettings#defaults()}. */
    public Builder transferSettings(TransferSettings settings) {
      this.transfers = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Validates and builds. */
    public S3Panel build() {
      ValidationException.Collector errors = new ValidationException.Collector();
      errors.check(vault == null, "vault", "A vault is required.");
      errors.check(grantConcurrency < 1 || grantConcurrency > 256, "grantConcurrency", "Must be 1 to 256.");
      errors.check(workerThreads < 1 || workerThreads > 1024, "workerThreads", "Must be 1 to 1024.");
      errors.throwIfAny();
      return new S3Panel(this);
    }
  }
}
