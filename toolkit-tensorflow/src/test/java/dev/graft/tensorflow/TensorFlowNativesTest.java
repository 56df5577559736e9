package dev.graft.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A natives folder without TensorFlow's JNI library is refused in one line, before TensorFlow starts (own JVM per test class). */
class TensorFlowNativesTest {

    @Test
    void libraryPathWithoutTheJniLibrary_isRefusedInOneLine(@TempDir Path empty) {
        Assumptions.assumeTrue(System.getenv(TensorFlowNatives.LIBRARY_PATH) == null, "TENSORFLOW_LIBRARY_PATH is set in the environment");
        System.setProperty(TensorFlowNatives.LIBRARY_PATH, empty.toString());
        try {
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, TensorFlowNatives::start);
            assertTrue(e.getMessage().startsWith("TENSORFLOW_LIBRARY_PATH is " + empty + ", where there is no libjnitensorflow.so;"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("-P tensorflow"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "refused within seconds");
        } finally {
            System.clearProperty(TensorFlowNatives.LIBRARY_PATH);
        }
    }
}
