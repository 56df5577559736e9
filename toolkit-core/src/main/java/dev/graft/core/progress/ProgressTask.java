package dev.graft.core.progress;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One long step being counted: {@link #step} from any thread, {@link #close} when it ends. Tells
 * its listener at most every 100 ms, and always at the start and the end.
 */
public final class ProgressTask implements AutoCloseable {

    private static final long REPORT_NANOS = 100_000_000L;

    private final ProgressListener listener;
    private final String name;
    private final long total;
    private final String unit;
    private final long start = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong(start);

    ProgressTask(ProgressListener listener, String name, long total, String unit) {
        this.listener = listener;
        this.name = name;
        this.total = total;
        this.unit = unit;
        listener.onTask(snapshot(0));
    }

    /**
     * Counts units done.
     *
     * @param units how many more are done
     */
    public void step(long units) {
        long now = System.nanoTime();
        long count = done.addAndGet(units);
        long last = lastReport.get();
        if (now - last >= REPORT_NANOS && lastReport.compareAndSet(last, now)) {
            listener.onTask(snapshot(count));
        }
    }

    /** Counts one unit done. */
    public void step() {
        step(1);
    }

    /** Ends the step. */
    @Override
    public void close() {
        listener.onTaskDone(snapshot(done.get()));
    }

    private TaskProgress snapshot(long count) {
        return new TaskProgress(name, count, total, unit, (System.nanoTime() - start) / 1e9);
    }
}
