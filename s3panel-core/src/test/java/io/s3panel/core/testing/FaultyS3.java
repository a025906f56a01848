package io.s3panel.core.testing;

import io.s3panel.core.connect.S3Connection;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectAclRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Wraps a real connection (to S3Proxy) and injects what the real server cannot produce on demand:
 * AccessDenied on the ACL of chosen keys, and a delay on every ACL call while counting how many run at
 * once, and any chosen call failing with a chosen error. Everything else goes to the real server untouched.
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
  private final java.util.Map<String, RuntimeException> callFailures = new ConcurrentHashMap<>();

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

  @SuppressWarnings("unchecked")
  private Object invoke(Method method, Object[] args) throws Throwable {
    RuntimeException injected = callFailures.get(method.getName());
    if (injected != null) {
      throw injected;
    }
    if (method.getName().equals("getObjectAcl") && args != null && args.length == 1) {
      GetObjectAclRequest request;
      if (args[0] instanceof Consumer) {
        GetObjectAclRequest.Builder b = GetObjectAclRequest.builder();
        ((Consumer<GetObjectAclRequest.Builder>) args[0]).accept(b);
        request = b.build();
      } else {
        request = (GetObjectAclRequest) args[0];
      }
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
