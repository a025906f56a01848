package io.s3panel.server;

import io.micronaut.runtime.Micronaut;

/** Starts the S3 Panel server: {@code java -jar s3panel-micronaut-app-<version>-all.jar}. */
public final class Application {
  private Application() {}

  /** Runs the server until the process is stopped. */
  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
