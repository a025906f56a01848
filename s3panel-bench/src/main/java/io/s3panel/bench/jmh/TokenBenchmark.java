package io.s3panel.bench.jmh;

import io.micronaut.context.ApplicationContext;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import io.micronaut.security.token.jwt.validator.JwtValidator;
import io.s3panel.bench.Env;
import io.s3panel.server.auth.PasswordHasher;
import io.s3panel.server.auth.TokenService;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Token issue and verification with the server's own beans (HS256 via micronaut-security-jwt/Nimbus), and
 * one Argon2id password verification (the cost of a login), from a server bean context in dev mode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenBenchmark {
  private ApplicationContext context;
  private TokenService tokens;
  private JwtValidator<Object> accessValidator;
  private PasswordHasher hasher;
  private String access;
  private String refresh;
  private String phc;

  /** The server's beans (no HTTP listener), one access and one refresh token, one password hash. */
  @Setup
  @SuppressWarnings("unchecked")
  public void setup() {
    context = ApplicationContext.run(Env.devProperties());
    tokens = context.getBean(TokenService.class);
    // What bearer authentication runs for every request: the server's signatures and claim validators.
    accessValidator = JwtValidator.builder()
        .withSignatures(context.getBeansOfType(SignatureConfiguration.class))
        .withClaimValidators(context.getBeansOfType(GenericJwtClaimsValidator.class))
        .build();
    access = tokens.accessToken(42);
    refresh = tokens.refreshToken(42, tokens.newId(), tokens.newId(), Instant.now(), Instant.now().plus(1, ChronoUnit.DAYS));
    if (verifyAccess().isEmpty() || tokens.parseRefresh(refresh).isEmpty()) {
      throw new IllegalStateException("the benchmark tokens do not verify");
    }
    hasher = context.getBean(PasswordHasher.class);
    phc = hasher.hash(Env.benchPassword());
  }

  /** Closes the context. */
  @TearDown
  public void tearDown() {
    context.close();
  }

  /** Signs a new access token. */
  @Benchmark
  public String issueAccess() {
    return tokens.accessToken(42);
  }

  /** Verifies an access token as bearer authentication does (signature and claims). */
  @Benchmark
  public Optional<?> verifyAccess() {
    return accessValidator.validate(access, null);
  }

  /** Verifies a refresh token (signature, claims, type). */
  @Benchmark
  public Optional<TokenService.RefreshClaims> verifyRefresh() {
    return tokens.parseRefresh(refresh);
  }

  /** One Argon2id verification with the default parameters: what a login costs in CPU. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public boolean argon2Verify() {
    return hasher.verify(Env.benchPassword(), phc);
  }
}
