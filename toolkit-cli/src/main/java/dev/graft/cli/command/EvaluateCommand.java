package dev.graft.cli.command;

import dev.graft.core.run.LabelledData;

import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.metric.TaskScore;
import dev.graft.core.run.Classifier;
import dev.graft.core.run.Ensemble;
import dev.graft.core.run.FinetuneRun;
import dev.graft.core.run.Predictions;
import dev.graft.core.run.RunFiles;
import dev.graft.core.run.TaskEvaluation;
import dev.graft.core.run.TrainedModel;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.augment.AugmentPipeline;
import dev.graft.datasets.image.BadImagePolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code graft evaluate}: a run's model, or an ensemble and each of its members, on labelled
 * data; metrics with bootstrap intervals as JSON on stdout, a summary line per model on stderr.
 */
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
        return "evaluate a run's model (or an ensemble and its members) on labelled data";
    }

    @Override
    protected void declare(Options options) {
        arg(options, "run", "DIR", "run directory from graft finetune, or ensemble directory from graft ensemble");
        arg(options, "data", "PATH", "labelled data: folder, .csv, or .npz (its test split)");
        arg(options, "device", "D", "auto, cpu, cuda or cuda:N (default auto)");
        flag(options, "skip-bad", "skip undecodable images (counted)");
        arg(options, "tta", "N", "test-time augmentation: average N views (the original and N-1 augmented as in training; default 1)");
    }

    @Override
    protected java.util.Set<String> requiredOptions() {
        return java.util.Set.of("data", "run");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        Path run = Path.of(required(line, "run"));
        Path data = Path.of(required(line, "data"));
        BadImagePolicy policy = line.hasOption("skip-bad") ? BadImagePolicy.SKIP : BadImagePolicy.FAIL;
        try (Classifier model = Classifier.open(run, line.getOptionValue("device", "auto"))) {
            testTimeAugmentation(model, run, line);
            out.println(RunFiles.JSON.writeValueAsString(evaluate(model, run, data, policy, err)));
            return OK;
        } catch (IOException | DatasetException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    /**
     * Evaluates a model, or an ensemble beside each member, and prints one line per model.
     *
     * @param model the model or ensemble
     * @param run its directory (for the class weights it was trained with)
     * @param data the labelled data
     * @param policy what to do with undecodable images
     * @param err where the summary lines go
     * @return the metrics (an ensemble's: {@code members} by run and {@code ensemble})
     * @throws IOException if the run's files cannot be read
     * @throws DatasetException if the data cannot be read
     */
    static Object evaluate(Classifier model, Path run, Path data, BadImagePolicy policy, PrintStream err)
            throws IOException, DatasetException {
        if (model instanceof TrainedModel trained && trained.descriptor().multiTask() != null) {
            ImageDataset manifest = LabelledData.readManifest(data);
            manifest.notes().forEach(note -> err.println("graft evaluate: " + note));
            Map<String, Predictions> predicted = trained.predictTasks(manifest, policy);
            SkippedReport.print(err, "graft evaluate", predicted.values().iterator().next().split().skipped(), null);
            List<TaskEvaluation.Score> scores = TaskEvaluation.evaluate(trained, run, manifest, predicted);
            scores.forEach(s -> summary(err, s.task(), s.report()));
            return TaskEvaluation.describe(scores);
        }
        ImageDataset images = LabelledData.read(data, model.classNames());
        images.notes().forEach(note -> err.println("graft evaluate: " + note));
        Path trainedRun = model instanceof Ensemble e ? e.runs().get(0) : run;
        float[] weights = RunFiles.classWeights(trainedRun, model.classNames().size());
        if (!(model instanceof Ensemble ensemble)) {
            Predictions predictions = model.predict(images, policy);
            SkippedReport.print(err, "graft evaluate", predictions.split().skipped(), null);
            return RunFiles.describe(report(model, predictions, weights, run.toString(), err));
        }
        Map<String, Object> members = new LinkedHashMap<>();
        Map<String, Predictions> all = ensemble.predictAll(images, policy);
        SkippedReport.print(err, "graft evaluate", all.get("ensemble").split().skipped(), null);
        Object combined = null;
        for (Map.Entry<String, Predictions> entry : all.entrySet()) {
            Map<String, Object> described = RunFiles.describe(report(model, entry.getValue(), weights, entry.getKey(), err));
            if (entry.getKey().equals("ensemble")) {
                combined = described;
            } else {
                members.put(entry.getKey(), described);
            }
        }
        return RunFiles.ordered("members", members, "ensemble", combined);
    }

    /**
     * Applies {@code --tta N}: the run's training augmentation (or a flip and a mild crop) for
     * the extra views.
     *
     * @param model the model
     * @param run its directory
     * @param line the command line
     * @throws IOException if the run's config cannot be read
     */
    static void testTimeAugmentation(Classifier model, Path run, CommandLine line) throws IOException {
        int views = ConfigValues.integerOf("tta", line.getOptionValue("tta", "1"));
        if (views > 1) {
            Path config = model instanceof Ensemble e ? e.runs().get(0) : run;
            model.useTestTimeAugmentation(views, AugmentPipeline.parse(RunFiles.testTimeAugmentation(config)));
        }
    }

    private static ClassificationReport report(Classifier model, Predictions p, float[] weights, String name, PrintStream err)
            throws IOException {
        ClassificationReport report = FinetuneRun.evaluation(model.classNames(), weights, p, name);
        summary(err, name, report);
        return report;
    }

    private static void summary(PrintStream err, String name, TaskScore score) {
        if (score == null) {
            err.printf(Locale.ROOT, "%-40s no labelled images%n", name);
            return;
        }
        if (!(score instanceof ClassificationReport report)) {
            err.printf(Locale.ROOT, "%-40s MAE %.4f, RMSE %.4f, R² %.4f on %d images%n", name, score.get("mae"), score.get("rmse"),
                    score.get("r2"), score.count());
            return;
        }
        err.printf(Locale.ROOT, "%-40s accuracy %.4f, balanced accuracy %.4f, AUC %.4f, log loss %.4f on %d images%n",
                name, report.accuracy(), report.balancedAccuracy(), report.auc(), report.logLoss(), report.count());
    }
}
