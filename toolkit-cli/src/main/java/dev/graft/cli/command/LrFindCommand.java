package dev.graft.cli.command;

import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.core.options.Option;
import dev.graft.core.run.FinetuneConfig;
import dev.graft.core.run.FinetuneOptions;
import dev.graft.core.run.LearningRateFinderRun;
import dev.graft.core.train.LearningRateCurve;
import dev.graft.datasets.DatasetException;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code graft lr-find}: the learning-rate range test on the data and model a {@code graft
 * finetune} with the same options would train (fastai's {@code lr_find}). Prints the curve as a
 * text plot and the suggested rate as its last line, and writes {@code lr_find.csv} and {@code
 * lr_find.svg} into {@code --out}.
 */
public final class LrFindCommand extends OptionsCommand {

    /** Finetune's options but those about an existing run, which the test does not write. */
    private static final List<Option<?>> OPTIONS = FinetuneOptions.ALL.stream()
            .filter(o -> !Set.of(FinetuneOptions.RESUME.name(), FinetuneOptions.OVERWRITE.name()).contains(o.name())).toList();

    /** Rows of the text plot. */
    private static final int ROWS = 24;
    /** Width of its longest bar. */
    private static final int BAR = 40;

    /** Creates the command. */
    public LrFindCommand() {
        super("graft lr-find");
    }

    @Override
    public String name() {
        return "lr-find";
    }

    @Override
    public String summary() {
        return "find a learning rate: the range test on your data and model";
    }

    @Override
    protected void declare(Options o) {
        declare(o, OPTIONS);
    }

    @Override
    protected List<Option<?>> declaredOptions() {
        return OPTIONS;
    }

    @Override
    protected Set<String> requiredOptions() {
        return Set.of("data", "arch", "out");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        FinetuneConfig config = FinetuneOptions.config(ConfigValues.of(line, OPTIONS));
        RandomBackboneWarning.warnIfRandom(config.arch(), config.weights(), err);
        try {
            LearningRateCurve curve = LearningRateFinderRun.execute(config);
            out.print(plot(curve));
            out.printf(Locale.ROOT, "%s and %s written to %s (%d of %d steps%s, %.1f s)%n", LearningRateFinderRun.CSV,
                    LearningRateFinderRun.SVG, config.out(), curve.points().size(), curve.requestedSteps(),
                    curve.diverged() ? ", stopped when the loss diverged" : "", curve.seconds());
            out.println(LearningRateFinderRun.summary(curve));
            return OK;
        } catch (DatasetException | WeightImportException e) {
            throw new CommandFailure(e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new CommandFailure("cannot write the range test: " + e.getMessage(), e);
        }
    }

    /**
     * The smoothed loss against the rate as a text plot: about {@value #ROWS} rows spread over
     * the steps, each a bar from the lowest loss shown, the suggested rate's row marked.
     *
     * @param curve the curve
     * @return the plot, a line per row
     */
    static String plot(LearningRateCurve curve) {
        List<LearningRateCurve.Point> points = curve.points();
        int every = Math.max(1, (int) Math.ceil(points.size() / (double) ROWS));
        double suggested = curve.suggestion();
        int marked = 0;
        for (int i = 0; i < points.size(); i++) {
            if (Math.abs(Math.log(points.get(i).rate() / suggested)) < Math.abs(Math.log(points.get(marked).rate() / suggested))) {
                marked = i;
            }
        }
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        // The diverging last point would flatten the rest: bars span the others, and it is drawn off the scale.
        for (LearningRateCurve.Point p : curve.diverged() && points.size() > 2 ? points.subList(0, points.size() - 1) : points) {
            low = Math.min(low, p.smoothed());
            high = Math.max(high, p.smoothed());
        }
        StringBuilder text = new StringBuilder("      lr  smoothed loss\n");
        for (int i = 0; i < points.size(); i++) {
            boolean last = i == points.size() - 1;
            if (i % every != 0 && i != marked && !last) {
                continue;
            }
            LearningRateCurve.Point p = points.get(i);
            int bar = high > low ? 1 + (int) Math.round((p.smoothed() - low) / (high - low) * (BAR - 1)) : 1;
            String bars = bar > BAR ? "#".repeat(BAR - 1) + ">" : "#".repeat(bar);
            text.append(String.format(Locale.ROOT, "%8.1e  %13.4f |%-" + BAR + "s%s%n", p.rate(), p.smoothed(), bars,
                    i == marked ? " <- suggested (" + LearningRateCurve.rule() + ")" : ""));
        }
        return text.toString();
    }
}
