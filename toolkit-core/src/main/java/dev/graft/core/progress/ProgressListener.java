package dev.graft.core.progress;

/**
 * Hears how long steps advance; both methods have no-op defaults. The command line draws these
 * as progress bars; the core never prints. Calls may come from several threads.
 */
public interface ProgressListener {

    /** Hears nothing. */
    ProgressListener NONE = new ProgressListener() {};

    /**
     * A step advanced (also called once when it starts, with {@code done} 0).
     *
     * @param progress where it stands
     */
    default void onTask(TaskProgress progress) {}

    /**
     * A step finished.
     *
     * @param progress where it ended
     */
    default void onTaskDone(TaskProgress progress) {}
}
