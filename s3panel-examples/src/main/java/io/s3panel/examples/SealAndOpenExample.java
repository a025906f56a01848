package io.s3panel.examples;

import com.google.crypto.tink.KeysetHandle;
import io.s3panel.core.CredentialUnreadableException;
import io.s3panel.core.S3PanelException;
import io.s3panel.core.ValidationException;
import io.s3panel.core.credentials.CredentialRef;
import io.s3panel.core.credentials.CredentialSet;
import io.s3panel.core.credentials.InMemoryCredentialStore;
import io.s3panel.core.credentials.SealedCredential;
import io.s3panel.core.vault.Keysets;
import io.s3panel.core.vault.Vault;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

/**
 * Seals a credential set with the {@link Vault}, stores it, opens it again, and shows that the same
 * ciphertext moved to another identifier does not open. Needs no S3.
 *
 * <p>What it shows: a keyset generated with {@link Keysets#generate()} (or loaded from a cleartext JSON
 * file); {@link Vault#seal} binding each field to owner and identifier; an
 * {@link InMemoryCredentialStore} holding only ciphertext; {@link Vault#open} giving the set back, printed
 * with its access key id masked; and {@link CredentialUnreadableException} when the row is copied to
 * another identifier. No secret is ever printed.
 *
 * <p>Run from the repository root (a relative keyset path is relative to it):
 *
 * <pre>
 * ./mvnw -q -pl s3panel-examples compile exec:java -Dexec.mainClass=io.s3panel.examples.SealAndOpenExample -Dexec.args="--owner alice --identifier prod"
 * </pre>
 *
 * <p>Add a positional {@code path/to/keyset.json} to {@code -Dexec.args} to load a cleartext Tink keyset,
 * or {@code --save-keyset path/to/keyset.json} to write the generated one (development only: the file
 * decrypts everything sealed with it). The set sealed is the AWS documentation's example key unless
 * {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} are set.
 */
public final class SealAndOpenExample {
  /** The AWS documentation's example key id, used when none is given. */
  static final String EXAMPLE_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  /** The AWS documentation's example secret, used when none is given. */
  static final String EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  static final String USAGE = String.join("\n",
      "Usage: SealAndOpenExample [keyset.json] [options]",
      "  keyset.json             cleartext Tink JSON keyset to use; default: generate a fresh one",
      "  --save-keyset PATH      write the generated keyset there (must not exist; development only)",
      "  --owner ID              owner of the set (default alice)",
      "  --identifier NAME       identifier of the set (default prod)",
      "  --other-identifier NAME identifier the ciphertext is moved to (default staging)",
      "  --region NAME           region of the set (default us-east-1)",
      "  env AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY  the set to seal (default: AWS's example key)");

  private SealAndOpenExample() {}

  /** Parses the arguments and runs the example; exits non-zero on failure. */
  public static void main(String[] args) {
    Cli.exit(run(args, System.getenv(), System.out, System.err));
  }

  /**
   * Runs the example for a command line and an environment, printing to {@code out} and problems to
   * {@code err}.
   *
   * @return 0 when every step behaved as shown, 1 when one did not, 2 when the command line is wrong
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      Cli cli = Cli.parse(args, env);
      if (cli.positional().size() > 1) {
        throw new Cli.UsageException("Expected at most one keyset file.");
      }
      String save = cli.get("save-keyset", null);
      if (save != null && !cli.positional().isEmpty()) {
        throw new Cli.UsageException("--save-keyset applies to a generated keyset, not a loaded one.");
      }
      CredentialRef ref;
      String other;
      CredentialSet set;
      try {
        ref = new CredentialRef(cli.get("owner", null, "alice"), cli.get("identifier", null, "prod"));
        other = cli.get("other-identifier", null, "staging");
        new CredentialRef(ref.owner(), other); // validates
        if (other.equals(ref.identifier())) {
          throw new Cli.UsageException("--other-identifier must differ from --identifier.");
        }
        set = CredentialSet.builder()
            .accessKeyId(cli.get("access-key-id", "AWS_ACCESS_KEY_ID", EXAMPLE_ACCESS_KEY_ID))
            .secretAccessKey(env.getOrDefault("AWS_SECRET_ACCESS_KEY", EXAMPLE_SECRET))
            .region(cli.get("region", "AWS_REGION", "us-east-1"))
            .build();
      } catch (ValidationException e) {
        throw new Cli.UsageException(e.getMessage());
      }

      KeysetHandle keyset;
      if (cli.positional().isEmpty()) {
        keyset = Keysets.generate();
        out.println("Keyset: generated (" + Keysets.describe(keyset) + ")");
        if (save != null) {
          saveKeyset(keyset, Path.of(save));
          out.println("Keyset saved to " + save + " (cleartext: keep it secret, development only)");
        }
      } else {
        Path file = Path.of(cli.positional().get(0));
        keyset = Keysets.parseCleartextJson(Files.readString(file));
        out.println("Keyset: loaded from " + file + " (" + Keysets.describe(keyset) + ")");
      }
      return sealAndOpen(keyset, ref, other, set, out) ? Cli.OK : Cli.FAILED;
    } catch (Cli.UsageException e) {
      return Cli.usage(e, USAGE, err);
    } catch (FileAlreadyExistsException e) {
      err.println("Failed: " + e.getFile() + " already exists; not overwriting a keyset.");
      return Cli.FAILED;
    } catch (IOException e) {
      err.println("Failed: cannot read or write the keyset file: " + e);
      return Cli.FAILED;
    } catch (IllegalArgumentException e) {
      err.println("Failed: " + e.getMessage()); // Keysets' messages never contain key material
      return Cli.FAILED;
    } catch (S3PanelException e) {
      return Cli.failed(e, err);
    }
  }

  /**
   * Seals {@code set} for {@code ref} under {@code keyset}, stores it in an {@link InMemoryCredentialStore},
   * opens it again, then copies the row to {@code otherIdentifier} of the same owner and tries to open
   * that. Prints every step to {@code out}; never prints the secret or the unmasked access key id.
   *
   * @return true when the set came back equal and the copied row was refused, as the vault guarantees
   */
  public static boolean sealAndOpen(
      KeysetHandle keyset, CredentialRef ref, String otherIdentifier, CredentialSet set, PrintStream out) {
    Vault vault = Vault.create(keyset);
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    Instant now = Instant.now();

    out.println("Plaintext: " + set);
    SealedCredential sealed = vault.seal(ref, set, now, now, 1);
    store.create(sealed);
    out.println("Sealed and stored: " + sealed);

    SealedCredential row = store.find(ref).orElseThrow();
    CredentialSet opened = vault.open(row);
    boolean same = opened.equals(set);
    out.println("Opened " + ref.owner() + "/" + ref.identifier() + ": access key id "
        + opened.maskedAccessKeyId() + ", secret " + opened.secretAccessKey().length() + " characters (not shown)"
        + ", region " + opened.region() + (same ? ", equal to the set sealed" : ", DIFFERENT from the set sealed"));

    // What a database row copied onto another identifier looks like: same ciphertext, other name.
    CredentialRef otherRef = new CredentialRef(ref.owner(), otherIdentifier);
    SealedCredential moved = new SealedCredential(otherRef, row.sealedAccessKeyId(),
        row.sealedSecretAccessKey(), row.sealedSessionToken(), row.region(), row.endpoint(), row.pathStyle(),
        row.createdAt(), row.updatedAt(), row.version());
    store.create(moved);
    boolean refused;
    try {
      vault.open(store.find(otherRef).orElseThrow());
      out.println("Opened the copy under " + otherRef.owner() + "/" + otherIdentifier
          + " - UNEXPECTED: the ciphertext should be bound to its identifier");
      refused = false;
    } catch (CredentialUnreadableException e) {
      out.println("Opening the copy under " + otherRef.owner() + "/" + otherIdentifier
          + " failed as it should: CredentialUnreadableException (" + e.code().code() + "): " + e.getMessage());
      refused = true;
    }
    return same && refused;
  }

  private static void saveKeyset(KeysetHandle keyset, Path file) throws IOException {
    Files.writeString(file, Keysets.toCleartextJson(keyset), StandardOpenOption.CREATE_NEW);
  }
}
