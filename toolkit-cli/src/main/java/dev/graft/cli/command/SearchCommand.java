package dev.graft.cli.command;

import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.core.finetune.HyperparameterSearch;
import dev.graft.core.search.SearchStrategies;
import dev.graft.core.search.TrialResult;
import dev.graft.datasets.DatasetException;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;


/**
 * {@code graft search}: trains the trials a search file asks for (grid, random, coarse-to-fine or
 * successive halving over any finetune option) and writes {@code trials.csv}, {@code
 * summary.json} and {@code best.yaml}, a finetune config of the best trial. Trials share decoded
 * images and frozen-trunk features, so frozen-trunk trials cost seconds.
 */
public final class SearchCommand extends OptionsCommand {

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
    protected java.util.Set<String> requiredOptions() {
        return java.util.Set.of("config", "out");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        Path file = Path.of(required(line, "config"));
        Path dir = Path.of(required(line, "out"));
        HyperparameterSearch.Builder builder = HyperparameterSearch.builder().setSearch(ConfigValues.readTree(file), file.toString())
                .setOut(dir).optResume(line.hasOption("resume"));
        if (line.hasOption("trials")) {
            builder.optTrials(ConfigValues.integerOf("trials", line.getOptionValue("trials")));
        }
        if (line.hasOption("parallel")) {
            builder.optParallel(ConfigValues.integerOf("parallel", line.getOptionValue("parallel")));
        }
        try {
            HyperparameterSearch search = builder.build();
            HyperparameterSearch.Outcome outcome = search.run(r -> err.println(describe(r, search.metric())));
            TrialResult best = outcome.best();
            out.printf(Locale.ROOT, "best: trial %d, %s %.4f, %s%n", best.trial().id(), outcome.metric(), best.value(), best.trial().params());
            out.println("search written to " + dir + " (trials.csv, summary.json, best.yaml)");
            return OK;
        } catch (DatasetException | WeightImportException e) {
            throw new CommandFailure(e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new CommandFailure("cannot write the search: " + e.getMessage(), e);
        }
    }

    private static String describe(TrialResult r, String metric) {
        return String.format(Locale.ROOT, "trial %3d  stage %d  %2d epochs  %-8s %s %.4f  %5.1f s  rss %.0f MB  %s",
                r.trial().id(), r.trial().stage(), r.trial().epochs(), r.status(), metric, r.value(), r.seconds(),
                r.residentMegabytes(), r.trial().params());
    }
}
