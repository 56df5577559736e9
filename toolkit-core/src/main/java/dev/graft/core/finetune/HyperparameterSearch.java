package dev.graft.core.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.options.Option;
import dev.graft.core.options.OptionValues;
import dev.graft.core.run.FinetuneConfig;
import dev.graft.core.run.FinetuneOptions;
import dev.graft.core.run.FinetuneRun;
import dev.graft.core.run.RunCache;
import dev.graft.core.run.RunFiles;
import dev.graft.core.search.Search;
import dev.graft.core.search.SearchSpec;
import dev.graft.core.search.Trial;
import dev.graft.core.search.TrialResult;
import dev.graft.core.search.TrialRunner;
import dev.graft.core.train.Checkpoints;
import dev.graft.core.train.TrainingDivergedException;
import dev.graft.core.train.TrainingListener;
import dev.graft.core.train.TrainingOptions;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.io.AtomicFiles;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A hyper-parameter search over fine-tuning options, from a search file ({@code base} options,
 * {@code strategy}, {@code trials}, {@code space}), runnable from Java as {@code graft search}
 * runs it: trials share decoded images and frozen features, {@code trials.csv}, {@code
 * summary.json} and {@code best.yaml} (a finetune config of the best trial) are written to the
 * search folder.
 */
public final class HyperparameterSearch {

    /** Options a search may not vary: they name the data and where trials go. */
    private static final Set<String> FIXED = Set.of("data", "val", "test", "out", "resume", "overwrite", "config", "device", "skip-bad");

    private final JsonNode baseNode;
    private final Path out;
    private final boolean resume;
    private final SearchSpec spec;
    private final OptionValues base;
    private final FinetuneConfig template;

    private HyperparameterSearch(Builder b) {
        this.out = b.out;
        this.resume = b.resume;
        Set<String> searchable = FinetuneOptions.ALL.stream().map(Option::name).filter(o -> !FIXED.contains(o)).collect(Collectors.toSet());
        this.spec = SearchSpec.parse(b.root, b.origin, searchable);
        this.baseNode = b.root.has("base") ? b.root.get("base") : JsonNodeFactory.instance.objectNode();
        this.base = OptionValues.of(baseNode, b.origin + ": base", FinetuneOptions.ALL);
        if (base.get(FinetuneOptions.OUT.name()) != null) {
            throw new IllegalArgumentException(b.origin + ": base may not set out; trials go to " + out.resolve("trials") + ".");
        }
        this.template = FinetuneOptions.config(base.with(FinetuneOptions.OUT.name(), out.toString()));
    }

    /** @return the selection metric trials are ranked by */
    public String metric() {
        return template.training().metric().label();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a search found.
     *
     * @param trials every trial, in id order
     * @param best the best trial
     * @param metric the selection metric
     * @param bestConfig the best trial's finetune config ({@code best.yaml})
     */
    public record Outcome(List<TrialResult> trials, TrialResult best, String metric, Path bestConfig) {}

    /**
     * Runs the search.
     *
     * @param onTrial hears each finished trial
     * @return the trials and the best
     * @throws DatasetException if the data cannot be read
     * @throws WeightImportException if the weights cannot be loaded
     * @throws IOException if the search folder cannot be written
     */
    public Outcome run(Consumer<TrialResult> onTrial) throws DatasetException, WeightImportException, IOException {
        String metric = metric();
        Search search = new Search(spec, template.training().epochs(), metric, template.training().metric().higherIsBetter(), out);
        RunCache cache = RunCache.shared();
        TrialRunner runner = (trial, folder, again) -> runTrial(base, trial, folder, again, cache, metric);
        try {
            List<TrialResult> results = search.run(runner, resume, onTrial);
            TrialResult best = search.best(results);
            writeSummary(spec, metric, results, best);
            Path bestConfig = out.resolve("best.yaml");
            writeBestConfig(bestConfig, baseNode, best);
            return new Outcome(results, best, metric, bestConfig);
        } catch (DatasetException | WeightImportException | IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static TrialRunner.Score runTrial(OptionValues base, Trial trial, Path folder, boolean resume, RunCache cache, String metric)
            throws DatasetException, WeightImportException, IOException {
        OptionValues values = base;
        for (Map.Entry<String, String> p : trial.params().entrySet()) {
            values = values.with(p.getKey(), p.getValue());
        }
        // The search owns its trial folders: a trial it does not resume starts again over what an
        // interrupted attempt left.
        values = values.with("epochs", Integer.toString(trial.epochs())).with("out", folder.toString())
                .with("resume", Boolean.toString(resume)).with("overwrite", Boolean.toString(!resume));
        FinetuneConfig config = FinetuneOptions.config(values);
        try {
            FinetuneRun.Outcome outcome = FinetuneRun.execute(config, new TrainingListener() {}, cache);
            new Checkpoints(folder.resolve("checkpoint")).delete();
            return new TrialRunner.Score("ok", outcome.val().get(metric), outcome.val().accuracy(), outcome.bestEpoch());
        } catch (TrainingDivergedException e) {
            return new TrialRunner.Score("diverged", Double.NaN, Double.NaN, 0);
        }
    }

    private void writeSummary(SearchSpec spec, String metric, List<TrialResult> results, TrialResult best) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("strategy", spec.strategy());
        summary.put("metric", metric);
        summary.put("trials", results.size());
        summary.put("failed", results.stream().filter(r -> !r.ok()).count());
        summary.put("best", RunFiles.ordered("trial", best.trial().id(), "stage", best.trial().stage(), "epochs", best.trial().epochs(),
                "params", best.trial().params(), metric, best.value(), "val_accuracy", best.valAccuracy(),
                "folder", "trials/" + best.trial().folder()));
        Map<Integer, Double> stageBest = new LinkedHashMap<>();
        for (TrialResult r : results) {
            if (r.ok()) {
                stageBest.merge(r.trial().stage(), r.value(), ClassificationReport.higherIsBetter(metric) ? Math::max : Math::min);
            }
        }
        summary.put("best_by_stage", stageBest);
        summary.put("rss_mb", results.stream().map(TrialResult::residentMegabytes).toList());
        RunFiles.writeJson(out.resolve("summary.json"), summary);
    }

    /** Writes the base options with the best trial's values, ready for {@code graft finetune --config}. */
    private static void writeBestConfig(Path file, JsonNode base, TrialResult best) throws IOException {
        ObjectNode config = base.isObject() ? base.deepCopy() : JsonNodeFactory.instance.objectNode();
        best.trial().params().forEach(config::put);
        config.put("epochs", best.trial().epochs());
        if (TrainingOptions.AUTO.equals(config.path(TrainingOptions.LEARNING_RATE.name()).asText(null))) {
            // lr auto: the best trial's range test chose a rate; best.yaml records it, so a re-run trains as that trial did.
            Path trialConfig = file.resolveSibling("trials").resolve(best.trial().folder()).resolve(RunFiles.CONFIG);
            JsonNode chosen = Files.isRegularFile(trialConfig) ? OptionValues.readTree(trialConfig).get(TrainingOptions.LEARNING_RATE.name())
                    : null;
            if (chosen != null && chosen.isNumber()) {
                config.set(TrainingOptions.LEARNING_RATE.name(), chosen);
            }
        }
        String yaml = new ObjectMapper(new YAMLFactory()).writeValueAsString(config);
        AtomicFiles.write(file, ("# best trial " + best.trial().id() + " of the search; run: graft finetune --config "
                + file.getFileName() + " --out DIR\n" + yaml).getBytes(StandardCharsets.UTF_8));
    }

    /** Builds a {@link HyperparameterSearch}. */
    public static final class Builder {
        private JsonNode root;
        private String origin = "the search";
        private Path out;
        private boolean resume;
        private Integer trials;
        private Integer parallel;

        Builder() {}

        /** @param file a search file (YAML or JSON) @return this */
        public Builder setSearchFile(Path file) {
            this.root = OptionValues.readTree(file);
            this.origin = file.toString();
            return this;
        }

        /**
         * @param search a search file's content
         * @param origin what to call it in messages
         * @return this
         */
        public Builder setSearch(JsonNode search, String origin) {
            this.root = search;
            this.origin = origin;
            return this;
        }

        /**
         * @param yaml a search file's content as YAML text (base, strategy, trials, space)
         * @return this
         * @throws IllegalArgumentException if it is not YAML
         */
        public Builder setSearch(String yaml) {
            try {
                return setSearch(new ObjectMapper(new YAMLFactory()).readTree(yaml), "the search");
            } catch (IOException e) {
                throw new IllegalArgumentException("the search is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
            }
        }

        /** @param folder the search folder @return this */
        public Builder setOut(Path folder) { out = folder; return this; }

        /** @param again whether to continue an interrupted search in the folder @return this */
        public Builder optResume(boolean again) { resume = again; return this; }

        /** @param count overrides the file's trial count @return this */
        public Builder optTrials(int count) { trials = count; return this; }

        /** @param count overrides how many trials run at once @return this */
        public Builder optParallel(int count) { parallel = count; return this; }

        /**
         * Checks the search is complete.
         *
         * @return the search
         * @throws IllegalArgumentException naming what is wrong with the search file or its base options
         */
        public HyperparameterSearch build() {
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(origin + ": a search file holds a mapping with base, strategy, trials and space.");
            }
            if (out == null) {
                throw new IllegalArgumentException("a search needs a folder (out).");
            }
            ObjectNode settings = root.deepCopy();
            if (trials != null) {
                settings.put("trials", trials);
            }
            if (parallel != null) {
                settings.put("parallel", parallel);
            }
            root = settings;
            return new HyperparameterSearch(this);
        }
    }
}
