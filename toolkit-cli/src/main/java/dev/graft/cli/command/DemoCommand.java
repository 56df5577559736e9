package dev.graft.cli.command;

import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.core.demo.Demo;
import dev.graft.datasets.DatasetException;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code graft demo}: the embedded default job. Transfer learning on synthetic lesions, offline,
 * in a few minutes: pretrain on a source task, then learn the target task frozen, fine-tuned and
 * from scratch, and compare.
 */
public final class DemoCommand extends OptionsCommand {

    /** Creates the command. */
    public DemoCommand() {
        super("graft demo");
    }

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "transfer learning on synthetic lesions: frozen vs fine-tuned vs scratch";
    }

    @Override
    protected void declare(Options options) {
        arg(options, "out", "DIR", "where data and runs go (default runs/demo)");
        arg(options, "source-images", "N", "source-task images (default 1500)");
        arg(options, "target-images", "N", "target-task images (default 400)");
        arg(options, "seed", "N", "random seed (default 1)");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        Path dir = Path.of(line.getOptionValue("out", "runs/demo"));
        Demo demo = new Demo(dir, Integer.parseInt(line.getOptionValue("source-images", "1500")),
                Integer.parseInt(line.getOptionValue("target-images", "400")), Long.parseLong(line.getOptionValue("seed", "1")));
        long start = System.nanoTime();
        try {
            List<Demo.Row> rows = demo.run(progress(), s -> err.println("== " + s));
            out.println();
            out.printf("%-20s %9s %9s %9s %9s%n", "task / method", "val acc", "val AUC", "test acc", "test AUC");
            for (Demo.Row row : rows) {
                var o = row.outcome();
                out.printf(Locale.ROOT, "%-20s %9.3f %9.3f %9s %9s%n", row.name(), o.val().accuracy(), o.val().auc(),
                        o.test() == null ? "-" : String.format(Locale.ROOT, "%.3f", o.test().accuracy()),
                        o.test() == null ? "-" : String.format(Locale.ROOT, "%.3f", o.test().auc()));
            }
            double fineTuned = rows.get(2).outcome().test().accuracy();
            double scratch = rows.get(3).outcome().test().accuracy();
            out.printf(Locale.ROOT, "%nfine-tuned vs scratch on the target test set: %.3f vs %.3f (%s); runs in %s (%.0f s)%n",
                    fineTuned, scratch, fineTuned > scratch ? "transfer helps" : "no gain from transfer here", dir,
                    (System.nanoTime() - start) / 1e9);
            return OK;
        } catch (IOException | DatasetException | WeightImportException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }
}
