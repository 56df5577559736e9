package dev.graft.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.run.FinetuneConfig;
import dev.graft.core.run.FinetuneRun;
import dev.graft.core.run.RunCache;
import dev.graft.core.run.RunFiles;
import dev.graft.core.search.Search;
import dev.graft.core.search.SearchSpec;
import dev.graft.core.search.SearchStrategies;
import dev.graft.core.search.Trial;
import dev.graft.core.search.TrialResult;
import dev.graft.core.search.TrialRunner;
import dev.graft.core.train.Checkpoints;
import dev.graft.core.train.TrainingDivergedException;
import dev.graft.core.train.TrainingListener;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.io.AtomicFiles;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code graft search}: trains the trials a search file asks for (grid, random, coarse-to-fine or
 * successive halving over any finetune option) and writes {@code trials.csv}, {@code
 * summary.json} and {@code best.yaml}, a finetune config of the best trial. Trials share decoded
 * images and frozen-trunk features, so frozen-trunk trials cost seconds.
 */
public final class SearchCommand extends OptionsCommand {

    /** Options a search may not vary: they name the data and where trials go. */
    private static final Set<String> FIXED = Set.of("data", "val", "test", "out", "resume", "config", "device", "skip-bad");

    /** Creates the command. */
    public SearchCommand() {
        super("graft search");
    }

    @Override
    public String name() {
        return "search";
    }

    @Override
    public String summary() {
        return "search fine-tuning hyper-parameters on validation data";
    }

    @Override
    protected void declare(Options o) {
        arg(o, "config", "FILE", "search file (YAML or JSON): base finetune options, strategy ("
                + String.join(", ", SearchStrategies.REGISTRY.names()) + "), trials, space");
        arg(o, "out", "DIR", "search folder: trials.csv, summary.json, best.yaml, trials/");
        arg(o, "trials", "N", "override the file's trial count");
        arg(o, "parallel", "N", "override how many trials run at once (at most the cores)");
        flag(o, "resume", "continue an interrupted search in --out");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        Path file = Path.of(required(line, "config"));
        Path dir = Path.of(required(line, "out"));
        JsonNode root = ConfigValues.readTree(file);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": a search file holds a mapping with base, strategy, trials and space.");
        }
        Set<String> finetuneOptions = new FinetuneCommand().options().getOptions().stream().map(Option::getLongOpt)
                .collect(Collectors.toSet());
        Set<String> searchable = finetuneOptions.stream().filter(o -> !FIXED.contains(o)).collect(Collectors.toSet());
        com.fasterxml.jackson.databind.node.ObjectNode settings = root.deepCopy();
        if (line.hasOption("trials")) {
            settings.put("trials", ConfigValues.integerOf("trials", line.getOptionValue("trials")));
        }
        if (line.hasOption("parallel")) {
            settings.put("parallel", ConfigValues.integerOf("parallel", line.getOptionValue("parallel")));
        }
        SearchSpec spec = SearchSpec.parse(settings, file.toString(), searchable);
        JsonNode baseNode = root.has("base") ? root.get("base") : JsonNodeFactory.instance.objectNode();
        ConfigValues base = ConfigValues.of(baseNode, file + ": base", finetuneOptions);
        if (base.get("out", null) != null) {
            throw new IllegalArgumentException(file + ": base may not set out; trials go to " + dir.resolve("trials") + ".");
        }
        FinetuneConfig template = FinetuneCommand.config(base.with("out", dir.toString()));
        String metric = template.training().metric();
        Search search = new Search(spec, template.training().epochs(), metric, ClassificationReport.higherIsBetter(metric), dir);
        RunCache cache = RunCache.shared();
        TrialRunner runner = (trial, folder, resume) -> runTrial(base, trial, folder, resume, cache, metric);
        try {
            List<TrialResult> results = search.run(runner, line.hasOption("resume"), r -> err.println(describe(r, metric)));
            TrialResult best = search.best(results);
            writeSummary(dir, spec, metric, results, best);
            writeBestConfig(dir.resolve("best.yaml"), baseNode, best);
            out.printf(Locale.ROOT, "best: trial %d, %s %.4f, %s%n", best.trial().id(), metric, best.value(), best.trial().params());
            out.println("search written to " + dir + " (trials.csv, summary.json, best.yaml)");
            return OK;
        } catch (DatasetException | WeightImportException e) {
            throw new CommandFailure(e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new CommandFailure("cannot write the search: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    private static TrialRunner.Score runTrial(ConfigValues base, Trial trial, Path folder, boolean resume, RunCache cache,
            String metric) throws DatasetException, WeightImportException, IOException {
        ConfigValues values = base;
        for (Map.Entry<String, String> p : trial.params().entrySet()) {
            values = values.with(p.getKey(), p.getValue());
        }
        values = values.with("epochs", Integer.toString(trial.epochs())).with("out", folder.toString())
                .with("resume", Boolean.toString(resume));
        FinetuneConfig config = FinetuneCommand.config(values);
        try {
            FinetuneRun.Outcome outcome = FinetuneRun.execute(config, new TrainingListener() {}, cache);
            new Checkpoints(folder.resolve("checkpoint")).delete();
            return new TrialRunner.Score("ok", outcome.val().get(metric), outcome.val().accuracy(), outcome.bestEpoch());
        } catch (TrainingDivergedException e) {
            return new TrialRunner.Score("diverged", Double.NaN, Double.NaN, 0);
        }
    }

    private static String describe(TrialResult r, String metric) {
        return String.format(Locale.ROOT, "trial %3d  stage %d  %2d epochs  %-8s %s %.4f  %5.1f s  rss %.0f MB  %s",
                r.trial().id(), r.trial().stage(), r.trial().epochs(), r.status(), metric, r.value(), r.seconds(),
                r.residentMegabytes(), r.trial().params());
    }

    private static void writeSummary(Path dir, SearchSpec spec, String metric, List<TrialResult> results, TrialResult best)
            throws IOException {
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
        RunFiles.writeJson(dir.resolve("summary.json"), summary);
    }

    /** Writes the base options with the best trial's values, ready for {@code graft finetune --config}. */
    private static void writeBestConfig(Path file, JsonNode base, TrialResult best) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode config = base.isObject() ? base.deepCopy() : JsonNodeFactory.instance.objectNode();
        best.trial().params().forEach(config::put);
        config.put("epochs", best.trial().epochs());
        String yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .writeValueAsString(config);
        AtomicFiles.write(file, ("# best trial " + best.trial().id() + " of the search; run: graft finetune --config "
                + file.getFileName() + " --out DIR\n" + yaml).getBytes(StandardCharsets.UTF_8));
    }
}
