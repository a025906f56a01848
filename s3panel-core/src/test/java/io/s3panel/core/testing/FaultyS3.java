package io.s3panel.core.testing;

import io.s3panel.core.connect.S3Connection;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectAclRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Wraps a real connection (to S3Proxy) and injects what the real server cannot produce on demand:
 * AccessDenied on the ACL of chosen keys, and a delay on every ACL call while counting how many run at
 * once; AccessDenied on deleting chosen keys (single deletes, and per key inside DeleteObjects, as S3
 * reports it); a failure of every call of one operation after its first n; a delay on every call of one
 * operation; any chosen call failing with a chosen error. Every call is counted by operation name.
 * Everything else goes to the real server untouched.
 */
public final class FaultyS3 implements S3Connection {
  private final S3Connection real;
  private final S3Client client;
  private final Set<String> deniedAclKeys = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
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

  /** Wraps {@code real}. */
  public FaultyS3(S3Connection real) {
    this.real = real;
    this.client = (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
        (proxy, method, args) -> invoke(method, args));
  }

  /** GetObjectAcl of {@code key} answers 403 AccessDenied. */
  public FaultyS3 denyAclOf(String key) {
    deniedAclKeys.add(key);
    return this;
  }

  /** Every GetObjectAcl fails with {@code failure} (e.g. an SdkClientException for an unreachable S3). */
  public FaultyS3 failEveryAclWith(RuntimeException failure) {
    this.aclFailure = failure;
    return this;
  }

  /** Every call of the S3Client method {@code method} (e.g. {@code getBucketAcl}) fails with {@code failure}. */
  public FaultyS3 failCall(String method, RuntimeException failure) {
    callFailures.put(method, failure);
    return this;
  }

  /** An S3 service error as S3 sends it, e.g. {@code s3Error(403, "AccessDenied")}. */
  public static S3Exception s3Error(int status, String code) {
    return (S3Exception) S3Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
  }

  /** Every GetObjectAcl takes this much longer. */
  public FaultyS3 aclDelay(long millis) {
    this.aclDelayMillis = millis;
    return this;
  }

  /** The most GetObjectAcl calls seen running at the same time. */
  public int maxConcurrentAclCalls() {
    return maxInFlight.get();
  }

  /** GetObjectAcl calls made. */
  public int aclCalls() {
    return aclCalls.get();
  }

  /** Deleting {@code key} answers AccessDenied (DeleteObject) or lists it as an AccessDenied error (DeleteObjects); it stays. */
  public FaultyS3 denyDeleteOf(String key) {
    deniedDeleteKeys.add(key);
    return this;
  }

  /** Calls of {@code operation} (an {@link S3Client} method name, e.g. {@code deleteObjects}) after the first {@code n} throw {@code failure}. */
  public FaultyS3 failAfter(String operation, int n, RuntimeException failure) {
    failAfter.put(operation, n);
    failWith.put(operation, failure);
    return this;
  }

  /** Every call of {@code operation} takes this much longer. */
  public FaultyS3 delay(String operation, long millis) {
    delays.put(operation, millis);
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

  /** A 500 InternalError as S3 sends it, for {@link #failAfter}. */
  public static S3Exception internalError() {
    return (S3Exception) S3Exception.builder().statusCode(500)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalError").errorMessage("We encountered an internal error").build())
        .build();
  }

  private static S3Exception accessDenied() {
    return (S3Exception) S3Exception.builder().statusCode(403)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("Access Denied").build())
        .build();
  }

  @SuppressWarnings("unchecked")
  private static <R, B> R request(Object arg, java.util.function.Supplier<B> builder, java.util.function.Function<B, R> build) {
    if (arg instanceof Consumer) {
      B b = builder.get();
      ((Consumer<B>) arg).accept(b);
      return build.apply(b);
    }
    return (R) arg;
  }

  private Object invoke(Method method, Object[] args) throws Throwable {
    String name = method.getName();
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
    if (name.equals("deleteObject") && args != null && args.length == 1 && !deniedDeleteKeys.isEmpty()) {
      DeleteObjectRequest r = request(args[0], DeleteObjectRequest::builder, DeleteObjectRequest.Builder::build);
      if (deniedDeleteKeys.contains(r.key())) {
        throw accessDenied();
      }
      return real.s3().deleteObject(r);
    }
    if (name.equals("deleteObjects") && args != null && args.length == 1 && !deniedDeleteKeys.isEmpty()) {
      DeleteObjectsRequest r = request(args[0], DeleteObjectsRequest::builder, DeleteObjectsRequest.Builder::build);
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
          : real.s3().deleteObjects(r.toBuilder().delete(r.delete().toBuilder().objects(allowed).build()).build());
      List<S3Error> all = new ArrayList<>(answer.errors());
      all.addAll(errors);
      return answer.toBuilder().errors(all).build();
    }
    if (name.equals("getObjectAcl") && args != null && args.length == 1) {
      GetObjectAclRequest request = request(args[0], GetObjectAclRequest::builder, GetObjectAclRequest.Builder::build);
      aclCalls.incrementAndGet();
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        if (aclDelayMillis > 0) {
          Thread.sleep(aclDelayMillis);
        }
        if (aclFailure != null) {
          throw aclFailure;
        }
        if (deniedAclKeys.contains(request.key())) {
          throw S3Exception.builder().statusCode(403)
              .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("Access Denied").build())
              .build();
        }
        return real.s3().getObjectAcl(request);
      } finally {
        inFlight.decrementAndGet();
      }
    }
    try {
      return method.invoke(real.s3(), args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public S3Client s3() {
    return client;
  }

  @Override
  public S3Presigner presigner() {
    return real.presigner();
  }

  @Override
  public String region() {
    return real.region();
  }

  @Override
  public Optional<URI> endpoint() {
    return real.endpoint();
  }

  @Override
  public boolean pathStyle() {
    return real.pathStyle();
  }
}
