package io.s3panel.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectAclRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Faults on top of a real S3 client (of an {@link S3ProxyServer}, say): what the real server cannot
 * produce on demand, injected at the SDK's {@link S3Client} interface, while everything else goes to the
 * real server untouched. Hand {@link #client()} to the code under test.
 *
 * <ul>
 *   <li>a chosen error on every call of one operation ({@link #failCall}), or on every call after the
 *       first {@code n} ({@link #failAfter});
 *   <li>a delay on every call of one operation ({@link #delay});
 *   <li>AccessDenied on deleting chosen keys: the single delete throws, DeleteObjects lists the key as an
 *       error as S3 does, and the key stays ({@link #denyDeleteOf});
 *   <li>AccessDenied on the ACL of chosen keys, a failure of every ACL read, a delay on every ACL read
 *       ({@link #denyAclOf}, {@link #failEveryAclWith}, {@link #aclDelay}).
 * </ul>
 *
 * <p>Every call is counted by operation (the {@link S3Client} method name, e.g. {@code deleteObjects}),
 * failed ones included, and so is the most calls seen running at once.
 *
 * <pre>{@code
 * FaultyS3 faults = FaultyS3.wrap(s3.admin()).failAfter("uploadPart", 1, FaultyS3.internalError());
 * uploader.upload(faults.client(), bigFile);           // the code under test
 * assertThat(faults.calls("abortMultipartUpload")).isEqualTo(1);
 * }</pre>
 *
 * <p>Thread-safe; faults can be changed while calls run. Closing {@link #client()} closes the real client.
 */
public final class FaultyS3 {
  private final S3Client real;
  private final S3Client client;
  private final Set<String> deniedAclKeys = ConcurrentHashMap.newKeySet();
  private final AtomicInteger aclInFlight = new AtomicInteger();
  private final AtomicInteger maxAclInFlight = new AtomicInteger();
  private final AtomicInteger aclCalls = new AtomicInteger();
  private volatile long aclDelayMillis;
  private volatile RuntimeException aclFailure;
  private final Set<String> deniedDeleteKeys = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, Integer> failAfter = new ConcurrentHashMap<>();
  private final Map<String, RuntimeException> failWith = new ConcurrentHashMap<>();
  private final Map<String, Long> delays = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> maxRunning = new ConcurrentHashMap<>();
  private final Map<String, RuntimeException> callFailures = new ConcurrentHashMap<>();

  private FaultyS3(S3Client real) {
    this.real = Objects.requireNonNull(real, "real");
    this.client = (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
        (proxy, method, args) -> invoke(method, args));
  }

  /** Wraps {@code real}; no fault is injected until one is added. */
  public static FaultyS3 wrap(S3Client real) {
    return new FaultyS3(real);
  }

  /** The client to hand to the code under test: {@code real} with the faults added so far. */
  public S3Client client() {
    return client;
  }

  /** GetObjectAcl of {@code key} answers 403 AccessDenied. */
  public FaultyS3 denyAclOf(String key) {
    deniedAclKeys.add(key);
    return this;
  }

  /** Every GetObjectAcl fails with {@code failure} (e.g. an SdkClientException for an unreachable S3). */
  public FaultyS3 failEveryAclWith(RuntimeException failure) {
    this.aclFailure = Objects.requireNonNull(failure, "failure");
    return this;
  }

  /** Every GetObjectAcl takes {@code millis} longer. */
  public FaultyS3 aclDelay(long millis) {
    this.aclDelayMillis = millis;
    return this;
  }

  /** Every call of the S3Client method {@code operation} (e.g. {@code getBucketAcl}) fails with {@code failure}. */
  public FaultyS3 failCall(String operation, RuntimeException failure) {
    callFailures.put(operation, Objects.requireNonNull(failure, "failure"));
    return this;
  }

  /** Calls of {@code operation} after the first {@code n} throw {@code failure}. */
  public FaultyS3 failAfter(String operation, int n, RuntimeException failure) {
    failWith.put(operation, Objects.requireNonNull(failure, "failure"));
    failAfter.put(operation, n);
    return this;
  }

  /** Every call of {@code operation} takes {@code millis} longer. */
  public FaultyS3 delay(String operation, long millis) {
    delays.put(operation, millis);
    return this;
  }

  /**
   * Deleting {@code key} is refused: DeleteObject answers 403 AccessDenied, DeleteObjects lists the key
   * as an AccessDenied error and deletes the others. The object stays.
   */
  public FaultyS3 denyDeleteOf(String key) {
    deniedDeleteKeys.add(key);
    return this;
  }

  /** Calls made of {@code operation} (an {@link S3Client} method name), failed ones included. */
  public int calls(String operation) {
    AtomicInteger n = calls.get(operation);
    return n == null ? 0 : n.get();
  }

  /** The most calls of {@code operation} seen running at the same time. */
  public int maxConcurrent(String operation) {
    AtomicInteger n = maxRunning.get(operation);
    return n == null ? 0 : n.get();
  }

  /** GetObjectAcl calls made (one request each, whatever their arguments). */
  public int aclCalls() {
    return aclCalls.get();
  }

  /** The most GetObjectAcl calls seen running at the same time. */
  public int maxConcurrentAclCalls() {
    return maxAclInFlight.get();
  }

  /** An S3 service error as S3 sends it, e.g. {@code s3Error(403, "AccessDenied")}. */
  public static S3Exception s3Error(int status, String code) {
    return (S3Exception) S3Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
  }

  /** A 500 InternalError as S3 sends it. */
  public static S3Exception internalError() {
    return (S3Exception) S3Exception.builder().statusCode(500)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalError")
            .errorMessage("We encountered an internal error").build())
        .build();
  }

  private static S3Exception accessDenied() {
    return (S3Exception) S3Exception.builder().statusCode(403)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("Access Denied").build())
        .build();
  }

  /** The request object of a call made with a request or with a {@code Consumer<Builder>}. */
  @SuppressWarnings("unchecked")
  private static <R, B> R request(Object arg, Supplier<B> builder, Function<B, R> build) {
    if (arg instanceof Consumer) {
      B b = builder.get();
      ((Consumer<B>) arg).accept(b);
      return build.apply(b);
    }
    return (R) arg;
  }

  private Object invoke(Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (method.getDeclaringClass() == Object.class) {
      return method.invoke(real, args);
    }
    AtomicInteger now = running.computeIfAbsent(name, k -> new AtomicInteger());
    maxRunning.computeIfAbsent(name, k -> new AtomicInteger()).accumulateAndGet(now.incrementAndGet(), Math::max);
    try {
      return invokeCounted(name, method, args);
    } finally {
      now.decrementAndGet();
    }
  }

  private Object invokeCounted(String name, Method method, Object[] args) throws Throwable {
    int n = calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    Long delay = delays.get(name);
    if (delay != null) {
      Thread.sleep(delay);
    }
    Integer limit = failAfter.get(name);
    if (limit != null && n > limit) {
      throw failWith.get(name);
    }
    RuntimeException injected = callFailures.get(name);
    if (injected != null) {
      throw injected;
    }
    boolean oneArg = args != null && args.length == 1;
    if (name.equals("deleteObject") && oneArg && !deniedDeleteKeys.isEmpty()) {
      DeleteObjectRequest r = request(args[0], DeleteObjectRequest::builder, DeleteObjectRequest.Builder::build);
      if (deniedDeleteKeys.contains(r.key())) {
        throw accessDenied();
      }
      return real.deleteObject(r);
    }
    if (name.equals("deleteObjects") && oneArg && !deniedDeleteKeys.isEmpty()) {
      return deleteObjects(request(args[0], DeleteObjectsRequest::builder, DeleteObjectsRequest.Builder::build));
    }
    if (name.equals("getObjectAcl") && oneArg) {
      return getObjectAcl(request(args[0], GetObjectAclRequest::builder, GetObjectAclRequest.Builder::build));
    }
    try {
      return method.invoke(real, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private DeleteObjectsResponse deleteObjects(DeleteObjectsRequest r) {
    List<ObjectIdentifier> allowed = new ArrayList<>();
    List<S3Error> errors = new ArrayList<>();
    for (ObjectIdentifier id : r.delete().objects()) {
      if (deniedDeleteKeys.contains(id.key())) {
        errors.add(S3Error.builder().key(id.key()).code("AccessDenied").message("Access Denied").build());
      } else {
        allowed.add(id);
      }
    }
    DeleteObjectsResponse answer = allowed.isEmpty() ? DeleteObjectsResponse.builder().build()
        : real.deleteObjects(r.toBuilder().delete(r.delete().toBuilder().objects(allowed).build()).build());
    List<S3Error> all = new ArrayList<>(answer.errors());
    all.addAll(errors);
    return answer.toBuilder().errors(all).build();
  }

  private Object getObjectAcl(GetObjectAclRequest request) throws InterruptedException {
    aclCalls.incrementAndGet();
    maxAclInFlight.accumulateAndGet(aclInFlight.incrementAndGet(), Math::max);
    try {
      if (aclDelayMillis > 0) {
        Thread.sleep(aclDelayMillis);
      }
      RuntimeException failure = aclFailure;
      if (failure != null) {
        throw failure;
      }
      if (deniedAclKeys.contains(request.key())) {
        throw accessDenied();
      }
      return real.getObjectAcl(request);
    } finally {
      aclInFlight.decrementAndGet();
    }
  }
}
