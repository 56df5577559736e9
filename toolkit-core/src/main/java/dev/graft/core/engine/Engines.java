package dev.graft.core.engine;

/**
 * Engine settings Graft relies on. One inter-op thread: with two, libtorch's CPU training steps
 * were measured to differ in the last bits between identical runs, which breaks "same seed, same
 * numbers" and exact {@code --resume}. Intra-op parallelism (the work inside each operator) is
 * unaffected.
 */
public final class Engines {

    /** The system property DJL reads for libtorch's inter-op thread count. */
    public static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    private Engines() {}

    /** Sets one inter-op thread unless the user chose otherwise; call before the engine starts. */
    public static void configureForReproducibility() {
        if (System.getProperty(INTEROP_THREADS) == null) {
            System.setProperty(INTEROP_THREADS, "1");
        }
    }

    /**
     * Makes the PyTorch engine safe to use from the calling thread. libtorch's autograd switch
     * is per thread and on by default; DJL turns it off only on the thread that loads the
     * engine, so on any other thread (a search's worker, a caller's thread pool) writing
     * weights into parameters fails with "a leaf Variable that requires grad is being used in an
     * in-place operation", and inference records graphs it never frees. Training turns it on
     * only inside its gradient collector.
     */
    public static void usePyTorchOnThisThread() {
        ai.djl.engine.Engine.getEngine("PyTorch");
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    }
}
