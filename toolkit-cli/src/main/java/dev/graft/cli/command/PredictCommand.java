package dev.graft.cli.command;

import dev.graft.core.run.LabelledData;

import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.core.data.CachedSplit;
import dev.graft.core.model.MultiTaskLayout;
import dev.graft.core.run.Classifier;
import dev.graft.core.run.Predictions;
import dev.graft.core.run.RunDirectory;
import dev.graft.core.run.TrainedModel;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.LabeledImage;
import dev.graft.datasets.image.BadImagePolicy;
import dev.graft.datasets.image.FileImage;
import dev.graft.datasets.image.ImageDecoder;
import dev.graft.datasets.image.SkippedImage;
import dev.graft.datasets.io.AtomicFiles;
import dev.graft.datasets.io.CsvTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code graft predict}: class probabilities for images, as CSV ({@code path, predicted,
 * p_<class>…, error}) on stdout or in {@code --out}; the predicted class follows the run's
 * operating point (its decision threshold, when one was chosen). With {@code --skip-bad} an
 * image that cannot be decoded keeps its row, with empty predictions and the reason under
 * {@code error}.
 */
public final class PredictCommand extends OptionsCommand {

    /** Creates the command. */
    public PredictCommand() {
        super("graft predict");
    }

    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String summary() {
        return "predict class probabilities for images";
    }

    @Override
    protected void declare(Options options) {
        arg(options, "run", "DIR", "run directory from graft finetune, or ensemble directory from graft ensemble");
        arg(options, "data", "PATH", "a folder, .csv or .npz of images (else give image files)");
        arg(options, "out", "FILE", "write the CSV here instead of stdout");
        arg(options, "device", "D", "auto, cpu, cuda or cuda:N (default auto)");
        flag(options, "skip-bad", "skip undecodable images (counted)");
        arg(options, "tta", "N", "test-time augmentation: average N views (the original and N-1 augmented as in training; default 1)");
    }

    @Override
    protected java.util.Set<String> requiredOptions() {
        return java.util.Set.of("run");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        Path run = Path.of(required(line, "run"));
        List<String> files = line.getArgList();
        if (line.getOptionValue("data") == null && files.isEmpty()) {
            throw new IllegalArgumentException("give --data PATH or image files.");
        }
        try (Classifier model = Classifier.open(run, line.getOptionValue("device", "auto"))) {
            EvaluateCommand.testTimeAugmentation(model, run, line);
            List<String> classes = model.classNames();
            ImageDataset images;
            if (line.getOptionValue("data") != null) {
                images = LabelledData.read(Path.of(line.getOptionValue("data")), classes);
                images.notes().forEach(note -> err.println("graft predict: " + note));
            } else {
                List<LabeledImage> list = new ArrayList<>();
                for (String file : files) {
                    list.add(LabeledImage.of(new FileImage(Path.of(file), ImageDecoder.standard()), 0));
                }
                images = new ImageDataset(classes, list);
            }
            String target = line.getOptionValue("out");
            if (target != null) {
                RunDirectory.refuseOwnFile(Path.of(target), null, "the predictions");
                refuseInput(Path.of(target), line.getOptionValue("data"), images);
            }
            BadImagePolicy policy = line.hasOption("skip-bad") ? BadImagePolicy.SKIP : BadImagePolicy.FAIL;
            MultiTaskLayout layout = model instanceof TrainedModel trained ? trained.descriptor().multiTask() : null;
            Map<String, Predictions> byTask = layout != null ? ((TrainedModel) model).predictTasks(images, policy)
                    : Map.of("", model.predict(images, policy));
            for (Predictions predictions : byTask.values()) {
                predictions.requireFinite(run.toString());
            }
            Map<String, List<String>> classesOf = new LinkedHashMap<>();
            if (layout == null) {
                classesOf.put("", classes);
            } else {
                layout.tasks().forEach(t -> classesOf.put(t.name(), t.regression() ? null : t.classNames()));
            }
            CachedSplit split = byTask.values().iterator().next().split();
            StringBuilder csv = new StringBuilder("path");
            byTask.forEach((task, predictions) -> {
                String prefix = task.isEmpty() ? "" : task + "_";
                if (classesOf.get(task) == null) {
                    csv.append(',').append(CsvTable.quote(prefix + "value"));
                    return;
                }
                csv.append(',').append(CsvTable.quote(prefix + "predicted"));
                classesOf.get(task).forEach(c -> csv.append(',').append(CsvTable.quote(prefix + "p_" + c)));
            });
            csv.append(",error\n");
            Map<LabeledImage, Integer> kept = new IdentityHashMap<>();
            for (int i = 0; i < split.size(); i++) {
                kept.put(split.images().get(i), i);
            }
            Map<LabeledImage, SkippedImage> skipped = new IdentityHashMap<>();
            split.skipped().forEach(s -> skipped.put(s.image(), s));
            for (LabeledImage image : images.images()) {
                csv.append(CsvTable.quote(image.source().describe()));
                Integer i = kept.get(image);
                for (Map.Entry<String, Predictions> task : byTask.entrySet()) {
                    List<String> names = classesOf.get(task.getKey());
                    if (i == null) {
                        csv.append(",".repeat(names == null ? 1 : 1 + names.size()));
                    } else if (names == null) {
                        csv.append(String.format(Locale.ROOT, ",%.6g", task.getValue().probabilities()[i][0]));
                    } else {
                        csv.append(',').append(CsvTable.quote(names.get(task.getValue().predicted(i))));
                        for (float v : task.getValue().probabilities()[i]) {
                            csv.append(String.format(Locale.ROOT, ",%.6f", v));
                        }
                    }
                }
                csv.append(',').append(i == null && skipped.containsKey(image) ? CsvTable.quote(skipped.get(image).cause()) : "")
                        .append('\n');
            }
            int count = split.size();
            if (target == null) {
                out.print(csv);
            } else {
                AtomicFiles.write(Path.of(target), csv.toString().getBytes(StandardCharsets.UTF_8));
                err.println("wrote " + count + " predictions" + (split.skipped().isEmpty() ? ""
                        : " and " + split.skipped().size() + " error rows") + " to " + target);
            }
            SkippedReport.print(err, "graft predict", split.skipped(),
                    "the error column of " + (target == null ? "the output" : target));
            return OK;
        } catch (IOException | DatasetException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    /**
     * Refuses an out file that is one of the inputs, the data file or an image (compared as real
     * files, so another spelling or a link to an input is refused too).
     */
    private static void refuseInput(Path out, String data, ImageDataset images) throws IOException {
        if (!Files.exists(out)) {
            return;
        }
        List<Path> inputs = new ArrayList<>();
        if (data != null) {
            inputs.add(Path.of(data));
        }
        images.images().stream().filter(i -> i.source() instanceof FileImage).forEach(i -> inputs.add(((FileImage) i.source()).path()));
        for (Path input : inputs) {
            if (Files.exists(input) && Files.isSameFile(out, input)) {
                throw new IllegalArgumentException("--out " + out + " is one of the inputs (" + input
                        + "); the predictions would overwrite it. Choose another out file.");
            }
        }
    }
}
