package dev.graft.cli.command;

import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.core.io.RunFormatException;
import dev.graft.core.run.FinetuneConfig;
import dev.graft.core.run.FinetuneOptions;
import dev.graft.core.run.FinetuneRun;
import dev.graft.core.run.RunLockedException;
import dev.graft.core.options.OptionValues;
import java.util.List;
import java.util.Set;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.metric.SelectionMetric;
import dev.graft.core.train.TrainingDivergedException;
import dev.graft.datasets.DatasetException;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code graft finetune}: cut a pretrained backbone, add a head, train, evaluate, write a run. */
public final class FinetuneCommand extends OptionsCommand {

    /** Creates the command. */
    public FinetuneCommand() {
        super("graft finetune");
    }

    @Override
    public String name() {
        return "finetune";
    }

    @Override
    public String summary() {
        return "fine-tune a pretrained backbone on your images";
    }

    @Override
    protected void declare(Options o) {
        declare(o, FinetuneOptions.ALL);
    }

    @Override
    protected List<dev.graft.core.options.Option<?>> declaredOptions() {
        return FinetuneOptions.ALL;
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        FinetuneConfig config = FinetuneOptions.config(ConfigValues.of(line, FinetuneOptions.ALL));
        try {
            // Said once training starts, so a run refused before then still fails in one line.
            FinetuneRun.Outcome outcome = FinetuneRun.execute(config, progress().selecting(config.training().metric().label())
                    .warnOnStart(RandomBackboneWarning.message(config.arch(), config.weights())));
            out.println(summaryLine(outcome, config.training().metric()));
            return OK;
        } catch (DatasetException | WeightImportException e) {
            throw new CommandFailure(e.getMessage(), e);
        } catch (TrainingDivergedException e) {
            throw new CommandFailure(e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
            throw new CommandFailure(cause instanceof RunFormatException || cause instanceof RunLockedException ? cause.getMessage()
                    : "cannot write the run: " + e.getMessage(), e);
        }
    }

    @Override
    protected Set<String> requiredOptions() {
        return Set.of("data", "arch", "out");
    }

    /**
     * The run's closing line: where it is, the kept epoch, the selection metric on val and test
     * (with 95 % intervals where measured), and the report.
     *
     * @param outcome what the run produced
     * @param metric the selection metric
     * @return the line
     */
    static String summaryLine(FinetuneRun.Outcome outcome, SelectionMetric metric) {
        String test = outcome.test() == null ? "test none (no test set: every training image was used to train; --test-fraction carves one)"
                : "test " + scored(outcome.test(), metric);
        return String.format(Locale.ROOT, "run %s: kept epoch %d; val %s; %s; report %s", outcome.out(), outcome.bestEpoch(),
                scored(outcome.val(), metric), test, outcome.out().resolve("report.html"));
    }

    private static String scored(ClassificationReport report, SelectionMetric metric) {
        double[] ci = report.intervals() == null ? null : report.intervals().get(metric.label());
        return String.format(Locale.ROOT, "%s %.4f", metric.label(), metric.of(report)) + (ci == null ? ""
                : String.format(Locale.ROOT, " (95%% CI %.4f-%.4f)", ci[0], ci[1])) + " on " + report.count() + " images";
    }

    static FinetuneConfig config(OptionValues v) {
        return FinetuneOptions.config(v);
    }
}
