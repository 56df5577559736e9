package dev.graft.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile-file tests run under {@code -Xmx512m} (surefire's small-heap execution); this checks they really do. */
public final class SmallHeap {

    /** The largest heap the small-heap execution may have, with room for the JVM's rounding. */
    private static final long LIMIT = 600L << 20;

    private SmallHeap() {}

    /** Fails unless the JVM's maximum heap is about 512 MiB. */
    public static void assertActive() {
        long max = Runtime.getRuntime().maxMemory();
        assertTrue(max <= LIMIT, "this test class must run under -Xmx512m (tag small-heap), but the heap may grow to " + (max >> 20) + " MiB");
    }
}
