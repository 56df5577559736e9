package dev.graft.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code --arch} names resolve when the module that runs them is not in the build. */
class ArchitecturesTest {

    @Test
    void savedModel_withoutTheTensorFlowBuild_saysToBuildWithTheProfile(@TempDir Path folder) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architectures.resolve(Architectures.SAVED_MODEL, folder.toString()));
        assertTrue(e.getMessage().contains("-P tensorflow"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        IllegalArgumentException run = assertThrows(IllegalArgumentException.class,
                () -> Architectures.ofRun(Architectures.SAVED_MODEL, folder));
        assertEquals(e.getMessage(), run.getMessage());
    }
}
