package io.s3panel.server.auth;

import java.util.concurrent.Semaphore;

/** Lets tests in other packages hash with chosen (older) parameters and hold the hashing slots. */
public final class PasswordHasherAccess {
  /** The hasher's slots: a test that holds them all makes every password check wait in the queue. */
  public static Semaphore slots(PasswordHasher hasher) {
    return hasher.slots;
  }

  /** A PHC hash of {@code password} with {@code memoryKib} and {@code iterations}. */
  public String hashWith(int memoryKib, int iterations, String password) {
    return new PasswordHasher(memoryKib, iterations, 1, 1).hash(password);
  }
}
