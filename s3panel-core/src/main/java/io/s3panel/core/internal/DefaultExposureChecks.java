package io.s3panel.core.internal;

import io.s3panel.core.AccessDeniedException;
import io.s3panel.core.ErrorCode;
import io.s3panel.core.NoSuchBucketException;
import io.s3panel.core.OperationCancelledException;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.connect.S3Connection;
import io.s3panel.core.exposure.BucketExposure;
import io.s3panel.core.exposure.Check;
import io.s3panel.core.exposure.CredentialHealth;
import io.s3panel.core.exposure.ExposureChecks;
import io.s3panel.core.exposure.ExposureListener;
import io.s3panel.core.exposure.ExposureOptions;
import io.s3panel.core.exposure.ExposureProgress;
import io.s3panel.core.exposure.ExposureReport;
import io.s3panel.core.exposure.ObjectExposure;
import io.s3panel.core.exposure.ObjectMode;
import io.s3panel.core.exposure.PublicAccessBlock;
import io.s3panel.core.exposure.Verdict;
import io.s3panel.core.navigate.Grant;
import io.s3panel.core.navigate.Names;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyStatusResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ExposureChecks} over one connection: buckets to a bounded number of workers (as the storage scan),
 * object ACLs of one listing page fanned out with the caller as one of the workers (as the navigator's folder
 * page) while the next page is fetched — both through {@link BoundedWorkers} and {@link ObjectListing}.
 */
final class DefaultExposureChecks implements ExposureChecks {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultExposureChecks.class);
  /** S3 error codes that say the endpoint does not implement the call. */
  private static final Set<String> NOT_IMPLEMENTED = Set.of("NotImplemented", "MethodNotAllowed",
      "XNotImplemented", "UnsupportedOperation", "NotSupported", "InvalidArgument", "InvalidRequest");
  /** Progress is reported every this many object ACLs, besides after every page and bucket. */
  static final int PROGRESS_EVERY = 100;
  static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
  static final String AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

  private final S3Connection connection;
  private final Executor executor;
  private final Runnable validator;
  private final Clock clock;
  private final AwsAccountApis accountApis;

  /**
   * @param connection the S3 connection of the set
   * @param executor runs bucket workers, object ACL look-ups and listing prefetches
   * @param validator the check made when the set was added ({@code ConnectionCache.validate} of the set)
   * @param clock time of health checks
   */
  DefaultExposureChecks(S3Connection connection, Executor executor, Runnable validator, Clock clock) {
    this(connection, executor, validator, clock, AwsAccountApis.aws());
  }

  /** As above, asking the account-level APIs (IAM, STS, S3 Control) through {@code accountApis}. */
  DefaultExposureChecks(S3Connection connection, Executor executor, Runnable validator, Clock clock,
      AwsAccountApis accountApis) {
    this.connection = connection;
    this.executor = executor;
    this.validator = validator;
    this.clock = clock;
    this.accountApis = accountApis;
  }

  @Override
  public ExposureReport report(ExposureOptions options) {
    checkCancelled(options);
    BoundedWorkers workers = workers(options);
    // The account's public access block (STS + S3 Control, AWS only) is read beside the bucket listing; every
    // bucket's verdict takes it into account.
    FutureTask<Check<PublicAccessBlock>> accountBlock = workers.start(() -> accountApis.accountPublicAccessBlock(connection));
    List<Bucket> listed;
    try {
      listed = connection.s3().listBuckets().buckets();
    } catch (SdkException e) {
      accountBlock.cancel(false);
      throw S3Errors.translate(e, null, null);
    }
    Check<PublicAccessBlock> account = workers.join(accountBlock);
    List<String> todo = listed.stream().map(Bucket::name).sorted().toList();
    int total = todo.size();
    ConcurrentLinkedQueue<BucketExposure> done = new ConcurrentLinkedQueue<>();
    AtomicInteger bucketsDone = new AtomicInteger();
    AtomicLong objectsChecked = new AtomicLong();
    Progress progress = new Progress(options.listener(), bucketsDone, total, objectsChecked);
    progress.fire();
    workers.forEach(todo, options.bucketConcurrency(), (b, stop) -> {
      BucketExposure result;
      try {
        result = check(b, account, options, progress, workers, stop);
      } catch (NoSuchBucketException e) {
        result = new BucketExposure(b, Verdict.UNKNOWN, List.of("The bucket no longer exists."),
            Check.unavailable("The bucket no longer exists."), Check.unavailable("The bucket no longer exists."),
            Check.unavailable("The bucket no longer exists."), Check.unavailable("The bucket no longer exists."),
            e.code());
      }
      done.add(result);
      bucketsDone.incrementAndGet();
      notifyBucket(options.listener(), result);
      progress.fire();
    });
    List<BucketExposure> result = new ArrayList<>(done);
    result.sort(Comparator.comparing(BucketExposure::bucket));
    return new ExposureReport(result, account);
  }

  @Override
  public BucketExposure bucket(String bucket, ExposureOptions options) {
    Names.requireBucket(bucket);
    checkCancelled(options);
    AtomicLong objects = new AtomicLong();
    Progress progress = new Progress(options.listener(), new AtomicInteger(), 1, objects);
    BoundedWorkers workers = workers(options);
    return check(bucket, accountApis.accountPublicAccessBlock(connection), options, progress, workers,
        workers::checkCancelled);
  }

  @Override
  public CredentialHealth health() {
    Instant at = clock.instant();
    long start = System.nanoTime();
    try {
      validator.run();
    } catch (S3PanelException e) {
      if (e.code() == ErrorCode.CREDENTIAL_UNREADABLE) {
        throw e;
      }
      return new CredentialHealth(false, at, millisSince(start), e.code(), e.getMessage(), null, null, null, null,
          "The key failed its check, so its age and last use were not looked up.");
    }
    long latency = millisSince(start);
    Integer buckets;
    try {
      buckets = connection.s3().listBuckets().buckets().size();
    } catch (SdkException e) {
      buckets = null; // the key works (checked above) but may not list buckets, or S3 failed just now
    }
    AwsAccountApis.KeyInfo key = accountApis.keyInfo(connection, clock);
    return new CredentialHealth(true, at, latency, null, null, buckets, key.ageDays(), key.lastUsed(),
        key.lastUsedService(), key.note());
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Every sub-check of one bucket, then the verdict. */
  private BucketExposure check(String bucket, Check<PublicAccessBlock> account, ExposureOptions options,
      Progress progress, BoundedWorkers workers, BoundedWorkers.Stop stop) {
    checkCancelled(options);
    // The three bucket-level calls are independent of each other and of the listing: they run beside it.
    FutureTask<Check<List<Grant>>> acl = workers.start(() -> guarded("bucket ACL", bucket, () -> {
      List<Grant> all = DefaultBucketNavigator.acl(null, connection.s3().getBucketAcl(b -> b.bucket(bucket)).grants())
          .grants();
      return Check.of(publicGrants(all));
    }));
    FutureTask<Check<Boolean>> policy = workers.start(() -> guarded("bucket policy status", bucket, () -> {
      GetBucketPolicyStatusResponse r;
      try {
        r = connection.s3().getBucketPolicyStatus(b -> b.bucket(bucket));
      } catch (AwsServiceException e) {
        if ("NoSuchBucketPolicy".equals(code(e))) {
          return Check.of(false);
        }
        throw e;
      }
      if (r.policyStatus() == null || r.policyStatus().isPublic() == null) {
        return Check.unavailable("The endpoint answered GetBucketPolicyStatus without a status.");
      }
      return Check.of(r.policyStatus().isPublic());
    }));
    FutureTask<Check<PublicAccessBlock>> block = workers.start(() -> guarded("bucket's public access block", bucket,
        () -> {
      return publicAccessBlock("The endpoint",
          () -> connection.s3().getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration(),
          c -> Arrays.asList(c.blockPublicAcls(), c.ignorePublicAcls(), c.blockPublicPolicy(),
              c.restrictPublicBuckets()));
    }));
    List<FutureTask<?>> subChecks = List.of(acl, policy, block);
    // Between listing pages: a sub-check that failed the whole report (keys rejected…) ends it at once.
    BoundedWorkers.Stop stopOrFailedSubCheck = () -> {
      stop.check();
      for (FutureTask<?> f : subChecks) {
        if (f.isDone()) {
          workers.join(f);
        }
      }
    };
    try {
      Check<ObjectExposure> objects = options.objects() == ObjectMode.NONE
          ? Check.unavailable("Object ACLs were not checked (objects: none).")
          : guarded("object listing", bucket,
              () -> Check.of(objects(bucket, options, progress, workers, stopOrFailedSubCheck)));
      return verdict(bucket, workers.join(acl), workers.join(policy), workers.join(block), account, objects);
    } finally {
      subChecks.forEach(f -> f.cancel(false)); // those not started yet; finished ones are unaffected
    }
  }

  /**
   * A GetPublicAccessBlock answer (of a bucket, or of the account through S3 Control): no configuration
   * ({@code NoSuchPublicAccessBlockConfiguration}) is {@link PublicAccessBlock#NONE}; {@code flags} gives
   * BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets in that order.
   */
  static <C> Check<PublicAccessBlock> publicAccessBlock(String who, Supplier<C> call, Function<C, List<Boolean>> flags) {
    C c;
    try {
      c = call.get();
    } catch (AwsServiceException e) {
      if ("NoSuchPublicAccessBlockConfiguration".equals(code(e))) {
        return Check.of(PublicAccessBlock.NONE);
      }
      throw e;
    }
    if (c == null) {
      return Check.unavailable(who + " answered GetPublicAccessBlock without a configuration.");
    }
    List<Boolean> f = flags.apply(c);
    return Check.of(new PublicAccessBlock(on(f.get(0)), on(f.get(1)), on(f.get(2)), on(f.get(3))));
  }

  private static boolean on(Boolean b) {
    return Boolean.TRUE.equals(b);
  }

  /** The verdict and its reasons from the sub-checks, without the account's public access block. */
  static BucketExposure verdict(String bucket, Check<List<Grant>> acl, Check<Boolean> policy,
      Check<PublicAccessBlock> block, Check<ObjectExposure> objects) {
    return verdict(bucket, acl, policy, block, Check.unavailable("Not read."), objects);
  }

  /**
   * The verdict and its reasons from the sub-checks; the account's public access block, where it was read,
   * mitigates as the bucket's own does (S3 applies the stricter of the two).
   */
  static BucketExposure verdict(String bucket, Check<List<Grant>> acl, Check<Boolean> policy,
      Check<PublicAccessBlock> block, Check<PublicAccessBlock> account, Check<ObjectExposure> objects) {
    List<String> reasons = new ArrayList<>();
    String ignoreAcls = mitigation(block, account, PublicAccessBlock::ignorePublicAcls, "IgnorePublicAcls");
    String restrict = mitigation(block, account, PublicAccessBlock::restrictPublicBuckets, "RestrictPublicBuckets");
    boolean isPublic = false;
    boolean anyRead = false;
    if (acl.available()) {
      anyRead = true;
      for (Grant g : acl.value()) {
        String reason = g.permission() + " for " + groupName(g) + " in the bucket ACL";
        if (ignoreAcls != null) {
          reasons.add(reason + ", " + ignoreAcls);
        } else {
          reasons.add(reason);
          isPublic = true;
        }
      }
    } else {
      reasons.add(acl.unavailableReason());
    }
    if (policy.available()) {
      anyRead = true;
      if (policy.value()) {
        if (restrict != null) {
          reasons.add("The bucket policy is public, " + restrict.replace("ignored", "restricted"));
        } else {
          reasons.add("The bucket policy is public");
          isPublic = true;
        }
      }
    } else {
      reasons.add(policy.unavailableReason());
    }
    if (!block.available()) {
      reasons.add(block.unavailableReason());
    }
    if (objects.available()) {
      ObjectExposure o = objects.value();
      if (o.checked() > 0) {
        anyRead = true;
      }
      String of = o.mode() == ObjectMode.SAMPLE && !o.complete() ? " sampled objects" : " checked objects";
      if (o.publicCount() > 0) {
        String reason = count(o.publicCount()) + " of " + count(o.checked()) + of
            + (o.publicCount() == 1 ? " is public-read" : " are public-read");
        if (ignoreAcls != null) {
          reasons.add(reason + ", " + ignoreAcls);
        } else {
          reasons.add(reason);
          isPublic = true;
        }
      }
      if (o.unreadable() > 0) {
        reasons.add("The ACL of " + count(o.unreadable()) + (o.unreadable() == 1 ? " object" : " objects")
            + " could not be read");
      }
    } else {
      reasons.add(objects.unavailableReason());
    }
    Verdict verdict = isPublic ? Verdict.PUBLIC : anyRead ? Verdict.NOT_PUBLIC : Verdict.UNKNOWN;
    if (verdict == Verdict.NOT_PUBLIC) {
      reasons.add(0, "Nothing public found in what could be read");
    } else if (verdict == Verdict.UNKNOWN) {
      reasons.add(0, "Nothing about this bucket could be read");
    }
    return new BucketExposure(bucket, verdict, reasons, acl, policy, block, objects, null);
  }

  /**
   * "ignored by FLAG of the bucket's public access block" (or the account's) when either block has the flag
   * set, else {@code null}.
   */
  private static String mitigation(Check<PublicAccessBlock> bucket, Check<PublicAccessBlock> account,
      java.util.function.Predicate<PublicAccessBlock> flag, String name) {
    if (bucket.available() && flag.test(bucket.value())) {
      return "ignored by " + name + " of the bucket's public access block";
    }
    if (account.available() && flag.test(account.value())) {
      return "ignored by " + name + " of the account's public access block";
    }
    return null;
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String groupName(Grant g) {
    return ALL_USERS.equals(g.grantee().uri()) ? "AllUsers" : "AuthenticatedUsers";
  }

  /** The grants to AllUsers or AuthenticatedUsers. */
  static List<Grant> publicGrants(List<Grant> grants) {
    List<Grant> out = new ArrayList<>();
    for (Grant g : grants) {
      if (g.grantee() != null && (ALL_USERS.equals(g.grantee().uri()) || AUTHENTICATED_USERS.equals(g.grantee().uri()))) {
        out.add(g);
      }
    }
    return out;
  }

  /** True when the grants let anyone read the object. */
  static boolean publicRead(List<Grant> grants) {
    for (Grant g : publicGrants(grants)) {
      if ("READ".equals(g.permission()) || "FULL_CONTROL".equals(g.permission())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs one sub-check. Not implemented or not allowed → unavailable with a reason; a missing bucket and
   * account-wide failures are thrown.
   */
  private static <T> Check<T> guarded(String what, String bucket, Supplier<Check<T>> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      if (e instanceof AwsServiceException) {
        AwsServiceException a = (AwsServiceException) e;
        String code = code(a);
        if ((code != null && NOT_IMPLEMENTED.contains(code)) || a.statusCode() == 501 || a.statusCode() == 405) {
          return Check.unavailable("The endpoint does not implement reading the " + what + " ("
              + (code == null ? "status " + a.statusCode() : code) + ").");
        }
      } else if (e instanceof SdkClientException && !S3Errors.hasCause(e, IOException.class)
          && !S3Errors.hasCause(e, InterruptedException.class) && !Thread.currentThread().isInterrupted()
          && !(e instanceof software.amazon.awssdk.core.exception.ApiCallTimeoutException)
          && !(e instanceof software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException)
          && !(e instanceof software.amazon.awssdk.core.exception.AbortedException)) {
        // An answer the SDK could not read: the endpoint speaks something else for this call.
        return Check.unavailable("The endpoint gave an unreadable answer when reading the " + what + ".");
      }
      return unavailableOrThrow(what, S3Errors.translate(e, bucket, null));
    } catch (S3PanelException e) {
      return unavailableOrThrow(what, e);
    }
  }

  private static <T> Check<T> unavailableOrThrow(String what, S3PanelException e) {
    if (S3Errors.accountWide(e) || e instanceof NoSuchBucketException) {
      throw e;
    }
    if (e instanceof AccessDeniedException) {
      return Check.unavailable("Not allowed to read the " + what + " of this bucket.");
    }
    return Check.unavailable("The " + what + " could not be read: " + e.getMessage());
  }

  static String code(AwsServiceException e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  /**
   * Lists the bucket page by page ({@link ObjectListing}, the next page fetched while this one's ACLs are
   * read) and reads each object's ACL, at most {@code aclConcurrency} at once ({@link BoundedWorkers}, the
   * calling thread being one of the workers). Between pages {@code stop} ends the work when the report was
   * cancelled or another bucket failed it.
   */
  private ObjectExposure objects(String bucket, ExposureOptions options, Progress progress, BoundedWorkers workers,
      BoundedWorkers.Stop stop) {
    long limit = options.objects() == ObjectMode.ALL ? Long.MAX_VALUE : options.sampleSize();
    long checked = 0;
    long publicCount = 0;
    long unreadable = 0;
    TreeSet<String> examples = new TreeSet<>();
    try (ObjectListing pages = new ObjectListing(connection.s3(), bucket).limit(limit).checkpoint(stop::check)
        .prefetch(workers)) {
      while (pages.hasNext()) {
        List<S3Object> page = pages.next();
        List<Byte> outcomes = workers.map(page, options.aclConcurrency(), o -> {
          byte outcome = lookUpOne(bucket, o.key());
          if (outcome != UNREADABLE) {
            progress.objectChecked();
          }
          return outcome;
        });
        progress.fire();
        for (int i = 0; i < outcomes.size(); i++) {
          byte outcome = outcomes.get(i);
          if (outcome == UNREADABLE) {
            unreadable++;
            continue;
          }
          checked++;
          if (outcome == PUBLIC) {
            publicCount++;
            examples.add(page.get(i).key());
            if (examples.size() > ObjectExposure.MAX_EXAMPLES) {
              examples.pollLast();
            }
          }
        }
      }
      return new ObjectExposure(options.objects(), checked, publicCount, unreadable, pages.complete(),
          List.copyOf(examples));
    }
  }

  private static final byte PRIVATE = 0;
  private static final byte PUBLIC = 1;
  private static final byte UNREADABLE = 2;

  private byte lookUpOne(String bucket, String key) {
    try {
      List<Grant> grants = DefaultBucketNavigator.acl(null,
          connection.s3().getObjectAcl(b -> b.bucket(bucket).key(key)).grants()).grants();
      return publicRead(grants) ? PUBLIC : PRIVATE;
    } catch (SdkException e) {
      S3PanelException t = S3Errors.translate(e, bucket, key);
      if (S3Errors.accountWide(t)) {
        throw t;
      }
      return UNREADABLE; // denied, deleted meanwhile, unsupported by the endpoint: counted, never fatal
    }
  }

  private BoundedWorkers workers(ExposureOptions options) {
    return new BoundedWorkers(executor, options.cancellation(), "exposure report");
  }

  private static void checkCancelled(ExposureOptions options) {
    if (options.cancellation().isCancelled() || Thread.currentThread().isInterrupted()) {
      throw new OperationCancelledException("The exposure report was cancelled.");
    }
  }

  private static void notifyBucket(ExposureListener listener, BucketExposure bucket) {
    try {
      listener.onBucketDone(bucket);
    } catch (RuntimeException e) {
      LOG.warn("An exposure listener failed on a finished bucket; the report goes on.", e);
    }
  }

  /** Shared counters of one report and the listener they are reported to. */
  private static final class Progress {
    private final ExposureListener listener;
    private final AtomicInteger bucketsDone;
    private final int total;
    private final AtomicLong objectsChecked;

    Progress(ExposureListener listener, AtomicInteger bucketsDone, int total, AtomicLong objectsChecked) {
      this.listener = listener;
      this.bucketsDone = bucketsDone;
      this.total = total;
      this.objectsChecked = objectsChecked;
    }

    void objectChecked() {
      if (objectsChecked.incrementAndGet() % PROGRESS_EVERY == 0) {
        fire();
      }
    }

    void fire() {
      try {
        listener.onProgress(new ExposureProgress(bucketsDone.get(), total, objectsChecked.get()));
      } catch (RuntimeException e) {
        LOG.warn("An exposure listener failed on progress; the report goes on.", e);
      }
    }
  }
}
