package dev.graft.datasets.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files (and copies folders) atomically: to a temporary file beside the target, then a rename. */
public final class AtomicFiles {

    private AtomicFiles() {}

    /**
     * Writes bytes atomically.
     *
     * @param target the file to create or replace
     * @param bytes the content
     * @throws IOException if writing or renaming fails
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        writeWith(target, tmp -> Files.write(tmp, bytes));
    }

    /**
     * Writes a file atomically with a caller-supplied writer.
     *
     * @param target the file to create or replace
     * @param writer writes the complete content to the temporary path it is given
     * @throws IOException if writing or renaming fails
     */
    public static void writeWith(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
        try {
            writer.write(tmp);
            makeReadable(tmp);
            try {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Copies a folder tree atomically: into a temporary folder beside the target, then, once the
     * old target (if any) is deleted, a rename. A crash leaves either the old folder, no folder, or
     * the complete copy, plus at most a hidden temporary folder.
     *
     * @param source the folder to copy
     * @param target the folder to create or replace
     * @throws IOException if copying, deleting or renaming fails
     */
    public static void copyFolder(Path source, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path tmp = Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName());
        try {
            try (var files = Files.walk(source)) {
                for (Path from : files.toList()) {
                    Path to = tmp.resolve(source.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            deleteTree(absolute);
            Files.move(tmp, absolute);
        } finally {
            deleteTree(tmp);
        }
    }

    /**
     * Deletes a folder tree (or a file), if it exists.
     *
     * @param root the folder or file
     * @throws IOException if something cannot be deleted
     */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** Temporary files are created owner-only; results get the usual rw-r--r-- where POSIX allows. */
    private static void makeReadable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default permissions
        }
    }

    /** Writes the complete content of a file to a given path. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the content.
         *
         * @param path where to write
         * @throws IOException if writing fails
         */
        void write(Path path) throws IOException;
    }
}
