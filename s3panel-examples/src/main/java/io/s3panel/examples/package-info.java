/**
 * Standalone programs that use s3panel-core alone; each class Javadoc gives the one command that runs it.
 * (The playground, which runs the whole server with an embedded S3-compatible store, is a module of its
 * own: s3panel-playground.)
 *
 * <p>Each program has a {@code main}, a {@code run(args, env, out, err)} that returns the exit code (0 ok,
 * 1 failed, 2 wrong command line), and a method doing the work with typed parameters and a
 * {@link java.io.PrintStream}. Secrets come from the environment and are never printed. Parameters and
 * return values are non-null unless a member's Javadoc says otherwise.
 */
package io.s3panel.examples;
