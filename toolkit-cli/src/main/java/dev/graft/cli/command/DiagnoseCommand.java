package dev.graft.cli.command;

import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.core.diagnose.Diagnoser;
import dev.graft.core.diagnose.Diagnosis;
import dev.graft.core.io.RunJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code graft diagnose}: avoidable bias, variance, data mismatch and validation overfitting of a
 * run, with the next step for the largest; printed and written to {@code diagnosis.json}.
 */
public final class DiagnoseCommand extends OptionsCommand {

    /** Creates the command. */
    public DiagnoseCommand() {
        super("graft diagnose");
    }

    @Override
    public String name() {
        return "diagnose";
    }

    @Override
    public String summary() {
        return "bias / variance / data-mismatch diagnosis of a run";
    }

    @Override
    protected void declare(Options options) {
        arg(options, "run", "DIR", "run directory from graft finetune (use --train-val-fraction to measure variance apart from mismatch)");
        arg(options, "human-error", "X", "human-level error, the Bayes-error proxy (default 0)");
    }

    @Override
    protected java.util.Set<String> requiredOptions() {
        return java.util.Set.of("run");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        Path run = Path.of(required(line, "run"));
        double human;
        try {
            human = Double.parseDouble(line.getOptionValue("human-error", "0"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--human-error must be a number.", e);
        }
        try {
            Diagnosis d = Diagnoser.diagnose(run, human);
            out.printf(Locale.ROOT, "errors: human %.4f, train %.4f, train-val %.4f, val %.4f, test %.4f%n",
                    d.humanError(), d.trainError(), d.trainValError(), d.valError(), d.testError());
            d.gaps().forEach((name, gap) -> {
                double[] interval = d.intervals().get(name);
                out.printf(Locale.ROOT, "  %-24s %+.4f%s%n", name, gap, interval == null ? ""
                        : String.format(Locale.ROOT, "  (95%% interval %+.3f to %+.3f: %s)", interval[0], interval[1],
                                d.significant(name) ? "a finding" : "not significant on " + d.sizes().get(name) + " images"));
            });
            out.println("largest: " + d.problem() + ". " + d.advice());
            RunJson.write(run.resolve("diagnosis.json"), d);
            return OK;
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }
}
