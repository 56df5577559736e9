package dev.graft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GraftVersionTest {

    @Test
    void get_isTheVersionTheBuildStamped() {
        String version = GraftVersion.get();
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?"), version);
    }

    @Test
    void parse_readsTheVersionProperty() {
        assertEquals("1.2.3", GraftVersion.parse(stream("# stamped\nversion=1.2.3\n")));
    }

    @Test
    void parse_unfilteredPlaceholderOrMissingResource_isNoVersion() {
        assertNull(GraftVersion.parse(stream("version=${project.version}\n")));
        assertNull(GraftVersion.parse(stream("other=1\n")));
        assertNull(GraftVersion.parse(null));
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
