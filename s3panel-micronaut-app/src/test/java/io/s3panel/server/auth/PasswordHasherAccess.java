package io.s3panel.server.auth;

/** Lets tests in other packages hash with chosen (older) parameters. */
public final class PasswordHasherAccess {
  /** A PHC hash of {@code password} with {@code memoryKib} and {@code iterations}. */
  public String hashWith(int memoryKib, int iterations, String password) {
    return new PasswordHasher(memoryKib, iterations, 1, 1).hash(password);
  }
}
