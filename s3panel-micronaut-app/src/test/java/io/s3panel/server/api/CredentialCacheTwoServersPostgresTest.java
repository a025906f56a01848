package io.s3panel.server.api;

import io.s3panel.server.PostgresSchema;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link CredentialCacheTwoServersTest} with both servers on one PostgreSQL schema. */
@EnabledIfEnvironmentVariable(named = "S3PANEL_TEST_POSTGRES", matches = "true")
class CredentialCacheTwoServersPostgresTest extends CredentialCacheTwoServersTest {
  private final PostgresSchema schema = new PostgresSchema("s3panel_cache");

  @Override
  Map<String, Object> database() throws Exception {
    return schema.create();
  }

  @Override
  void dropDatabase() throws Exception {
    schema.drop();
  }
}
