package dev.graft.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.core.options.Option;
import dev.graft.core.options.OptionValues;
import dev.graft.core.train.TrainingOptions;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.split.DatasetSplits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code resume} checks before it trains: that the run being resumed had these options (its
 * {@code config.yaml} against the new job's, the device aside; an option its file lacks, because
 * the run is older than the option, counts as the option's default) and this data (the split
 * hashes its {@code manifest.json} records against the new splits'). Any difference is refused in
 * one line naming every differing option or split with both values, before the run's files are
 * rewritten.
 *
 * @param run the run directory
 * @param saved the options the run saved, or {@code null} when there is nothing to check (not
 *     resuming, or no run to resume)
 * @param splits the split records of the run's manifest, or {@code null} when it has none
 */
record ResumeCheck(Path run, JsonNode saved, JsonNode splits) {

    /**
     * Options a run may resume with changed: where it runs, and the recipe's name (for information
     * only: the options it expanded to are compared one by one).
     */
    private static final Set<String> FREE = Set.of(FinetuneOptions.DEVICE.name(), FinetuneOptions.RECIPE.name());

    /**
     * Reads what a job resumes and refuses it at once if its options differ.
     *
     * @param config the job
     * @return the check of the data, once it is read
     * @throws IllegalArgumentException naming every differing option with both values, or why the
     *     run cannot be checked
     * @throws IOException if the run's manifest cannot be read
     */
    static ResumeCheck options(FinetuneConfig config) throws IOException {
        Path run = config.out();
        if (!config.resume()) {
            return new ResumeCheck(run, null, null);
        }
        Path yaml = run.resolve(RunFiles.CONFIG);
        boolean checkpoint = Files.exists(run.resolve(RunDirectory.CHECKPOINT).resolve("state.json"));
        if (!Files.isRegularFile(yaml)) {
            if (checkpoint) {
                throw new IllegalArgumentException("cannot resume " + run + ": it has a checkpoint but no " + RunFiles.CONFIG
                        + (Files.exists(run.resolve("config.json")) ? " (an older Graft wrote config.json)" : "")
                        + ", so its options cannot be checked against these; start a new out folder, or pass overwrite instead of"
                        + " resume to replace it.");
            }
            return new ResumeCheck(run, null, null);
        }
        JsonNode saved;
        try {
            saved = OptionValues.readTree(yaml);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("cannot resume " + run + ": " + e.getMessage() + "; start a new out folder.", e);
        }
        JsonNode now = RunFiles.YAML.readTree(RunFiles.YAML.writeValueAsString(FinetuneOptions.values(config)));
        List<String> differences = new ArrayList<>();
        for (String name : names(saved, now)) {
            JsonNode before = saved.get(name);
            JsonNode after = now.get(name);
            if (!FREE.contains(name) && !same(before, after) && !(before == null && isDefault(name, after)) && !chosenRate(name, before, after)) {
                differences.add(name + " is " + text(before) + " in the run, " + text(after) + " now");
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("cannot resume " + run + ": " + String.join("; ", differences) + "."
                    + " Resume with the run's options (graft finetune --config " + yaml + " --resume --out " + run
                    + ") or start a new out folder.");
        }
        Path manifest = run.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            if (checkpoint) {
                throw new IllegalArgumentException("cannot resume " + run + ": it has a checkpoint but no manifest.json recording its"
                        + " split hashes, so its data cannot be checked against these; start a new out folder, or pass overwrite"
                        + " instead of resume to replace it.");
            }
            return new ResumeCheck(run, saved, null);
        }
        return new ResumeCheck(run, saved, RunFiles.JSON.readTree(manifest.toFile()).path("splits"));
    }

    /**
     * Refuses to resume on other data: every split's membership hash must be the one the run
     * recorded.
     *
     * @param now the splits the job has read
     * @throws IllegalArgumentException naming every differing split with both counts and hashes
     */
    void requireData(DatasetSplits now) {
        if (splits == null) {
            return;
        }
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, ImageDataset> split : now.byName().entrySet()) {
            JsonNode before = splits.path(split.getKey());
            String hash = FinetuneRun.hash(split.getValue());
            if (!before.path("sha256").asText("").equals(hash)) {
                differences.add("split " + split.getKey() + " is " + describe(before.path("count").asInt(0), before.path("sha256").asText("none"))
                        + " in the run, " + describe(split.getValue().size(), hash) + " now");
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("cannot resume " + run + ": the data differ: " + String.join("; ", differences) + "."
                    + " Resume on the run's data or start a new out folder.");
        }
    }

    private static String describe(int count, String hash) {
        return count + " images (sha256 " + hash.substring(0, Math.min(12, hash.length())) + ")";
    }

    /** Every option either side names, in help order, then any the saved file names that this Graft does not know. */
    private static Set<String> names(JsonNode saved, JsonNode now) {
        Set<String> names = new LinkedHashSet<>();
        for (Option<?> o : FinetuneOptions.ALL) {
            if (saved.has(o.name()) || now.has(o.name())) {
                names.add(o.name());
            }
        }
        saved.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * Tells whether a run resumed with {@code lr auto} meets the rate the range test chose when the
     * run started (its config records the number): the run continues at that rate.
     */
    private static boolean chosenRate(String name, JsonNode before, JsonNode after) {
        return name.equals(TrainingOptions.LEARNING_RATE.name()) && before != null && before.isNumber() && after != null
                && TrainingOptions.AUTO.equals(after.asText());
    }

    /**
     * The rate to resume a {@code lr auto} run at: the one its config records.
     *
     * @return the rate, or NaN when there is no saved run to resume
     */
    double savedLearningRate() {
        JsonNode rate = saved == null ? null : saved.get(TrainingOptions.LEARNING_RATE.name());
        return rate != null && rate.isNumber() ? rate.doubleValue() : Double.NaN;
    }

    /**
     * Tells whether a value is its option's default: a run saved before the option existed
     * trained as that default does, so it resumes with it.
     */
    private static boolean isDefault(String name, JsonNode value) {
        Option<?> option = FinetuneOptions.ALL.stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
        return option != null && option.defaultValue() != null && same(defaultNode(option), value);
    }

    private static <T> JsonNode defaultNode(Option<T> option) {
        try {
            return RunFiles.YAML.readTree(option.format(option.defaultValue()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null || a.isNull() || b.isNull()) {
            return (a == null || a.isNull()) == (b == null || b.isNull());
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "not set" : value.isValueNode() ? value.asText() : value.toString();
    }
}
