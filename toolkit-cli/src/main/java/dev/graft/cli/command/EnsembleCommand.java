package dev.graft.cli.command;

import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.core.run.Ensemble;
import dev.graft.core.run.RunFiles;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.image.BadImagePolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code graft ensemble}: combines runs into an ensemble folder (mean or validation-weighted
 * probabilities) that {@code evaluate} and {@code predict} accept like a run; with {@code --data},
 * evaluates it beside each member at once.
 */
public final class EnsembleCommand extends OptionsCommand {

    /** Creates the command. */
    public EnsembleCommand() {
        super("graft ensemble");
    }

    @Override
    public String name() {
        return "ensemble";
    }

    @Override
    public String summary() {
        return "average several runs' probabilities and compare the ensemble with its members";
    }

    @Override
    protected void declare(Options o) {
        o.addOption(Option.builder().longOpt("runs").hasArgs().argName("DIR…").desc("the member run directories").build());
        arg(o, "out", "DIR", "the ensemble directory to write");
        arg(o, "weighting", "mean|val", "equal weights, or weights proportional to validation accuracy (default mean)");
        arg(o, "data", "PATH", "labelled held-out data to evaluate the ensemble and its members on");
        arg(o, "device", "D", "auto, cpu, cuda or cuda:N (default auto)");
        flag(o, "skip-bad", "skip undecodable images (counted)");
    }

    @Override
    protected java.util.Set<String> requiredOptions() {
        return java.util.Set.of("out");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        String[] runs = line.getOptionValues("runs");
        if (runs == null) {
            throw new IllegalArgumentException("missing --runs DIR DIR ….");
        }
        Path dir = Path.of(required(line, "out"));
        try {
            List<Path> members = Arrays.stream(runs).map(Path::of).toList();
            double[] weights = Ensemble.create(dir, members, line.getOptionValue("weighting", "mean"));
            for (int i = 0; i < weights.length; i++) {
                err.printf(Locale.ROOT, "member %s weight %.4f%n", members.get(i), weights[i]);
            }
            try (Ensemble ensemble = Ensemble.open(dir, line.getOptionValue("device", "auto"))) {
                if (line.hasOption("data")) {
                    Object metrics = EvaluateCommand.evaluate(ensemble, dir, Path.of(line.getOptionValue("data")),
                            line.hasOption("skip-bad") ? BadImagePolicy.SKIP : BadImagePolicy.FAIL, err);
                    RunFiles.writeJson(dir.resolve("metrics.json"), metrics);
                    out.println(RunFiles.JSON.writeValueAsString(metrics));
                }
            }
            out.println("ensemble written to " + dir);
            return OK;
        } catch (IOException | DatasetException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }
}
