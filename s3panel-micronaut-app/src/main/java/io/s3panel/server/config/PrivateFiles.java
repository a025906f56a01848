package io.s3panel.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files and folders only their owner may read (SECURITY.md item 24): keysets, development secrets, the
 * data folder and the H2 database. Files are created 0600 and folders 0700 from the first byte on (never
 * created open and narrowed later); on a file system without POSIX permissions these are plain writes.
 */
public final class PrivateFiles {
  /** Owner read and write: the mode of every secret-bearing file. */
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  /** Owner only: the mode of every data folder. */
  public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER = EnumSet.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

  private PrivateFiles() {}

  /** True when {@code path}'s file system has POSIX permissions. */
  public static boolean posix(Path path) {
    return path.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Creates {@code folder} and any missing parents 0700; an existing folder is left as it is. */
  public static void createFolders(Path folder) throws IOException {
    Path abs = folder.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      return;
    }
    if (posix(abs)) {
      Files.createDirectories(abs, PosixFilePermissions.asFileAttribute(FOLDER));
      Files.setPosixFilePermissions(abs, FOLDER);
    } else {
      Files.createDirectories(abs);
    }
  }

  /** Writes a new file 0600 (its folder created 0700 if missing); fails if the file exists. */
  public static void createNew(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      createFolders(parent);
    }
    write(file, text, FILE);
  }

  /**
   * Replaces {@code file} atomically through a temporary sibling created 0600. The result keeps the owner
   * bits of the file it replaces (0400 stays 0400) but never anything for group or others.
   */
  public static void replace(Path file, String text) throws IOException {
    Set<PosixFilePermission> mode = FILE;
    if (posix(file) && Files.exists(file)) {
      Set<PosixFilePermission> kept = EnumSet.noneOf(PosixFilePermission.class);
      kept.addAll(Files.getPosixFilePermissions(file));
      kept.retainAll(OWNER);
      if (kept.contains(PosixFilePermission.OWNER_READ)) {
        mode = kept;
      }
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    write(tmp, text, FILE);
    if (posix(tmp) && !mode.equals(FILE)) {
      Files.setPosixFilePermissions(tmp, mode);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Narrows an existing file to 0600 (folders to 0700); nothing on a non-POSIX file system. */
  public static void restrict(Path path) throws IOException {
    if (posix(path) && Files.exists(path)) {
      Files.setPosixFilePermissions(path, Files.isDirectory(path) ? FOLDER : FILE);
    }
  }

  /**
   * What group or others may do with {@code path} ("readable by others (rwxr-xr-x)"), or {@code null}
   * when only its owner has access, it does not exist, or the file system has no POSIX permissions.
   */
  public static String exposure(Path path) {
    if (!posix(path) || !Files.exists(path)) {
      return null;
    }
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(path);
      boolean groupOrOthers = p.stream().anyMatch(x -> !OWNER.contains(x));
      if (!groupOrOthers) {
        return null;
      }
      return "open to group or others (" + PosixFilePermissions.toString(p) + ")";
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the permissions of " + path, e);
    }
  }

  private static void write(Path file, String text, Set<PosixFilePermission> mode) throws IOException {
    FileAttribute<?>[] attrs = posix(file)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        attrs)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
  }
}
