package dev.graft.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.core.finetune.HyperparameterSearch;
import dev.graft.core.options.OptionValues;
import dev.graft.core.train.TrainingOptions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layer decay and drop path through the options declared once: read, validated, saved and read back. */
class FinetuneOptionsTest {

    private static OptionValues base() {
        return OptionValues.empty().with("data", "/tmp/layerdecay/data.csv").with("arch", "resnet18").with("image-size", "32")
                .with("out", "/tmp/layerdecay/run");
    }

    /** Saves a config as config.yaml does and reads it back as --config does. */
    private static FinetuneConfig roundTrip(FinetuneConfig config) throws Exception {
        JsonNode yaml = RunFiles.YAML.readTree(RunFiles.YAML.writeValueAsString(FinetuneOptions.values(config)));
        return FinetuneOptions.config(OptionValues.of(yaml, "config.yaml", FinetuneOptions.ALL).with("out", "/tmp/layerdecay/run"));
    }

    @Test
    void layerDecayAndDropPath_surviveTheSavedConfig() throws Exception {
        FinetuneConfig config = FinetuneOptions.config(base().with("layer-decay", "0.65").with("drop-path", "0.1"));
        assertEquals(0.65f, config.training().layerDecay());
        assertEquals(0.1f, config.training().dropPath());
        Map<String, Object> saved = FinetuneOptions.values(config);
        assertEquals("0.65", saved.get("layer-decay").toString());
        assertEquals("0.1", saved.get("drop-path").toString());
        assertEquals(config.training(), roundTrip(config).training());
    }

    @Test
    void defaults_areNoDecay_andTheArchitecturesDropPath_whichStaysUnsaid() throws Exception {
        FinetuneConfig config = FinetuneOptions.config(base());
        assertEquals(1f, config.training().layerDecay());
        assertNull(config.training().dropPath());
        Map<String, Object> saved = FinetuneOptions.values(config);
        assertEquals("1", saved.get("layer-decay").toString(), "every option with a default is explicit");
        assertFalse(saved.containsKey("drop-path"), "absent means the architecture's own rate");
        assertNull(roundTrip(config).training().dropPath());
    }

    @Test
    void searchSpace_mayVaryLayerDecayAndDropPath_checkedAgainstTheDeclaredOptions() {
        String search = """
                base: {data: /tmp/layerdecay/data.csv, arch: resnet18, image-size: 32}
                strategy: random
                trials: 2
                space: {layer-decay: {uniform: [0.6, 1]}, %s: {choice: [0, 0.1]}}
                """;
        HyperparameterSearch.builder().setSearch(search.formatted("drop-path")).setOut(Path.of("/tmp/layerdecay/search")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HyperparameterSearch.builder()
                .setSearch(search.formatted("drop-paths")).setOut(Path.of("/tmp/layerdecay/search")).build());
        assertTrue(e.getMessage().contains("space names 'drop-paths', which is not a finetune option."), e.getMessage());
    }

    @Test
    void outOfRangeValues_areRefusedNamingTheOptionAndRange() {
        for (String bad : new String[] {"0", "1.5", "-0.2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FinetuneOptions.config(base().with("layer-decay", bad)));
            assertEquals("layer-decay must be in (0, 1], got " + bad + ".", e.getMessage());
        }
        for (String bad : new String[] {"1", "-0.1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FinetuneOptions.config(base().with("drop-path", bad)));
            assertEquals("drop-path must be in [0, 1), got " + bad + ".", e.getMessage());
        }
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> TrainingOptions.builder().optLayerDecay(Float.NaN).build());
        assertEquals("layer-decay must be in (0, 1], got NaN.", nan.getMessage());
        assertEquals(Path.of("/tmp/layerdecay/run"), FinetuneOptions.config(base()).out());
    }

    @Test
    void metadata_isOffByDefault_andSurvivesTheSavedConfigWithItsTypes() throws Exception {
        FinetuneConfig plain = FinetuneOptions.config(base());
        assertNull(plain.metadata());
        assertFalse(FinetuneOptions.values(plain).containsKey("metadata"), "config.yaml unchanged without metadata");
        FinetuneConfig config = roundTrip(FinetuneOptions.config(base().with("metadata", "age:num, sex:cat,site")));
        assertEquals("age:num,sex:cat,site", config.metadata().toString());
        assertEquals(java.util.List.of("age", "sex", "site"), config.metadata().names());
        IllegalArgumentException withTasks = assertThrows(IllegalArgumentException.class, () -> FinetuneOptions.config(base()
                .with("metadata", "age")).withTasks(dev.graft.core.multitask.MultiTaskSpec.parse(
                        RunFiles.YAML.readTree("tasks: [{name: d, column: label, role: main}]"), "t")));
        assertTrue(withTasks.getMessage().startsWith("metadata feeds the single task's head"), withTasks.getMessage());
    }
}
