package dev.graft.cli.command;

import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.core.data.CachedSplit;
import dev.graft.core.metric.ClassificationMetrics;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.run.RunFiles;
import dev.graft.core.run.TrainedModel;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.image.BadImagePolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code graft evaluate}: a run's model on labelled data, metrics with bootstrap intervals. */
public final class EvaluateCommand extends OptionsCommand {

    /** Creates the command. */
    public EvaluateCommand() {
        super("graft evaluate");
    }

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "evaluate a run's model on labelled data";
    }

    @Override
    protected void declare(Options options) {
        arg(options, "run", "DIR", "run directory from graft finetune");
        arg(options, "data", "PATH", "labelled data: folder, .csv, or .npz (its test split)");
        arg(options, "device", "D", "auto, cpu, cuda or cuda:N");
        flag(options, "skip-bad", "skip undecodable images (counted)");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        Path run = Path.of(required(line, "run"));
        Path data = Path.of(required(line, "data"));
        try (TrainedModel model = TrainedModel.open(run, line.getOptionValue("device", "auto"))) {
            ImageDataset images = LabelledData.read(data, model.descriptor().classNames());
            CachedSplit split = model.decode(images, line.hasOption("skip-bad") ? BadImagePolicy.SKIP : BadImagePolicy.FAIL);
            float[] weights = RunFiles.classWeights(run, model.descriptor().classNames().size());
            ClassificationReport report = ClassificationMetrics.withIntervals(model.descriptor().classNames(), split.labels(),
                    model.predict(split, 32), weights, model.descriptor().operatingPoint(), 1000, 42);
            out.println(RunFiles.JSON.writeValueAsString(RunFiles.describe(report)));
            err.printf(Locale.ROOT, "accuracy %.4f, balanced accuracy %.4f, AUC %.4f on %d images%n",
                    report.accuracy(), report.balancedAccuracy(), report.auc(), report.count());
            return OK;
        } catch (IOException | DatasetException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }
}
