package io.s3panel.server.api;

import java.util.List;
import java.util.concurrent.Callable;

/** Shares the concurrency helper of {@link AuthApiTest} with tests in other packages. */
public final class AuthApiTestAccess {
  private AuthApiTestAccess() {}

  /** Runs {@code call} {@code n} times at once and returns the results. */
  public static List<Integer> concurrently(int n, Callable<Integer> call) throws Exception {
    return AuthApiTest.concurrently(n, call);
  }
}
