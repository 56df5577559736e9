package dev.graft.core.progress;

/**
 * Where the core reports long steps: the listener installed for the current thread with {@link
 * #listen}, or none. A step opened on one thread may be counted from worker threads.
 */
public final class Progress {

    private static final ThreadLocal<ProgressListener> CURRENT = ThreadLocal.withInitial(() -> ProgressListener.NONE);

    private Progress() {}

    /**
     * Sends the steps this thread opens to a listener until the returned scope closes.
     *
     * @param listener the listener
     * @return the scope; closing it restores the listener before
     */
    public static Scope listen(ProgressListener listener) {
        ProgressListener before = CURRENT.get();
        CURRENT.set(listener == null ? ProgressListener.NONE : listener);
        return () -> CURRENT.set(before);
    }

    /**
     * Opens a step reported to this thread's listener.
     *
     * @param name what it does, e.g. {@code decoding 245 images}
     * @param total units in all
     * @param unit what a unit is, e.g. {@code img}
     * @return the step; close it when done
     */
    public static ProgressTask task(String name, long total, String unit) {
        return new ProgressTask(CURRENT.get(), name, total, unit);
    }

    /** A listener installed with {@link #listen}; closing it restores the one before. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
