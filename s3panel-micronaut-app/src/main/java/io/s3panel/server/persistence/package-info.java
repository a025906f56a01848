/**
 * Persistence of the server: Flyway-managed tables, Micronaut Data JDBC repositories over them, and
 * {@link io.s3panel.server.persistence.JdbcCredentialStore}, the database-backed
 * {@link io.s3panel.core.credentials.CredentialStore}.
 *
 * <p>One SQL dialect serves both supported databases: repositories are compiled for PostgreSQL and H2
 * runs in PostgreSQL mode. Every rule that must hold under concurrency (unique names, versioned updates,
 * token rotation, stale-task claiming) is a constraint or a single conditional statement, never a
 * check-then-act in Java.
 *
 * <p>Call these repositories outside an open transaction (each call then runs in its own): the methods that
 * turn a constraint violation into a result or a {@link io.s3panel.core.ConflictException} rely on it,
 * because on PostgreSQL a failed statement aborts the whole surrounding transaction.
 *
 * <p>Parameters and return values are non-null unless a member's Javadoc says otherwise.
 */
package io.s3panel.server.persistence;
