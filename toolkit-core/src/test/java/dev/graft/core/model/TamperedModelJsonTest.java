package dev.graft.core.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hand-edited or damaged model.json is refused in one line naming the file and the field, before anything is built. */
class TamperedModelJsonTest {

    private static final String GOOD = """
            {"arch": "resnet18", "cut": "pool", "freeze": "all", "head": {"kind": "linear", "hidden": 0, "dropout": 0.0},
             "classNames": ["ants", "bees"], "imageSize": 64, "resize": 73,
             "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "multiTask": null}
            """;

    private static void assertRefused(Path dir, String json, String... fragments) throws Exception {
        Path file = Files.writeString(dir.resolve(ModelStore.DESCRIPTOR), json);
        IOException e;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            e = assertThrows(IOException.class, () -> ModelStore.load(dir, manager));
        }
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
        }
    }

    @Test
    void load_tamperedDescriptor_isRefusedNamingTheField(@TempDir Path dir) throws Exception {
        assertRefused(dir, GOOD.replace("\"imageSize\": 64", "\"imageSize\": 2000000000"), "image_size 2000000000", "train again");
        assertRefused(dir, GOOD.replace("[\"ants\", \"bees\"]", "[]"), "0 classes");
        assertRefused(dir, GOOD.replace("\"hidden\": 0", "\"hidden\": 2000000000").replace("linear", "mlp"), "2000000000 hidden units");
        assertRefused(dir, GOOD.replace("0.229, ", ""), "mean and std");
        assertRefused(dir, GOOD.replace("\"imageSize\": 64", "\"imageSize\": \"big\""), "is damaged");
        assertRefused(dir, GOOD.replace("\"kind\": \"linear\"", "\"kind\": \"tree\""), "is damaged", "unknown head 'tree'");
        assertRefused(dir, GOOD.substring(0, 40), "is not valid JSON");
    }
}
