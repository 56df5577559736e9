package dev.graft.cli.command;

import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.cli.progress.ProgressBar;
import dev.graft.core.io.RunFormatException;
import dev.graft.core.run.FinetuneConfig;
import dev.graft.core.run.FinetuneOptions;
import dev.graft.core.run.FinetuneRun;
import dev.graft.core.run.RunLockedException;
import dev.graft.core.options.OptionValues;
import java.util.List;
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
            FinetuneRun.Outcome outcome = FinetuneRun.execute(config, new ProgressBar(err, config.training().metric().label()));
            out.printf(Locale.ROOT, "best epoch %d: val accuracy %.4f, balanced accuracy %.4f, AUC %.4f%n",
                    outcome.bestEpoch(), outcome.val().accuracy(), outcome.val().balancedAccuracy(), outcome.val().auc());
            if (outcome.test() != null) {
                double[] ci = outcome.test().intervals().get("accuracy");
                out.printf(Locale.ROOT, "test accuracy %.4f (95%% CI %.4f-%.4f), AUC %.4f%n",
                        outcome.test().accuracy(), ci[0], ci[1], outcome.test().auc());
            }
            out.println("run written to " + outcome.out());
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

    static FinetuneConfig config(OptionValues v) {
        return FinetuneOptions.config(v);
    }
}
