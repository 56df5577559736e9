package dev.graft.core.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock a process holds on a run directory while it writes it: an operating-system
 * lock on {@code RUN/.lock}, so a second {@code graft finetune} on the same directory, in
 * another process or in this one, is refused instead of interleaving its files with the first's.
 * The lock goes when it is closed or when the process ends, even by {@code kill -9}; the empty
 * {@code .lock} file stays (deleting it would let two processes lock two different files).
 */
public final class RunLock implements AutoCloseable {

    /** The lock file's name inside a run directory. */
    public static final String FILE = ".lock";

    /**
     * The lock files this process holds. Operating-system locks belong to a whole process, and on
     * Linux closing any channel on a locked file drops them, so a second run in this process must be
     * refused before it opens the file.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the run directory if needed and locks it.
     *
     * @param run the run directory
     * @return the held lock; close it when the run is written
     * @throws RunLockedException if another process or run holds it
     * @throws IOException if the directory or lock file cannot be created
     */
    public static RunLock acquire(Path run) throws IOException {
        Files.createDirectories(run);
        Path file = run.toRealPath().resolve(FILE);
        if (!HELD.add(file)) {
            throw new RunLockedException(run, run.resolve(FILE));
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new RunLockedException(run, run.resolve(FILE));
            }
            return new RunLock(file, channel, lock);
        } catch (OverlappingFileLockException e) {
            // Locked in this process by something other than a RunLock.
            close(channel, file);
            throw new RunLockedException(run, run.resolve(FILE));
        } catch (IOException | RuntimeException e) {
            close(channel, file);
            throw e;
        }
    }

    private static void close(FileChannel channel, Path file) throws IOException {
        try {
            if (channel != null) {
                channel.close();
            }
        } finally {
            HELD.remove(file);
        }
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            close(channel, file);
        }
    }
}
