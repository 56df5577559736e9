package dev.graft.zoo.nn;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Makes freed direct buffers visible: what a backward pass reading freed memory would then see. */
final class DirectMemory {

    private DirectMemory() {}

    /** Frees unreachable direct buffers and fills fresh ones with a pattern, reusing their memory. */
    static void churn() {
        System.gc();
        List<ByteBuffer> keep = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4);
            b.putFloat(0, -1e9f);
            keep.add(b);
        }
        keep.clear();
    }
}
