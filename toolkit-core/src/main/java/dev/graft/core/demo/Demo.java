package dev.graft.core.demo;

import dev.graft.core.model.HeadSpec;
import dev.graft.core.run.FinetuneConfig;
import dev.graft.core.run.FinetuneRun;
import dev.graft.core.train.TrainingListener;
import dev.graft.core.train.TrainingOptions;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.io.AtomicFiles;
import dev.graft.datasets.io.CsvTable;
import dev.graft.datasets.synthetic.SyntheticLesions;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The embedded demonstration of transfer learning, offline and without downloads: synthetic
 * dermoscopy images are generated; a ResNet-18 trunk (cut at {@code layer3}, 64² inputs) is
 * pretrained on a source task (lesion asymmetry, 3 classes, many labels); then the target task
 * (benign vs melanoma, few labels) is learned three ways: trunk frozen, trunk fine-tuned, and
 * from scratch. The same splits and seed are used for all three.
 */
public final class Demo {

    /** The input side: small, so the whole demo runs in minutes on two cores. */
    public static final int IMAGE_SIZE = 64;

    private final Path out;
    private final int sourceImages;
    private final int targetImages;
    private final long seed;

    /**
     * Creates the demo.
     *
     * @param out the folder for data and runs
     * @param sourceImages images for the source task
     * @param targetImages images for the target task (split 40/30/30 into train/val/test)
     * @param seed the seed
     */
    public Demo(Path out, int sourceImages, int targetImages, long seed) {
        this.out = out;
        this.sourceImages = sourceImages;
        this.targetImages = targetImages;
        this.seed = seed;
    }

    /**
     * One way of learning the target task and how it did.
     *
     * @param name frozen, fine-tuned or scratch
     * @param outcome the run's outcome
     */
    public record Row(String name, FinetuneRun.Outcome outcome) {}

    /**
     * Runs the demo.
     *
     * @param listener progress of every training run
     * @param stage told the name of each stage as it starts
     * @return the pretraining outcome followed by the three target rows
     * @throws IOException if files cannot be written
     * @throws DatasetException if generated data cannot be read (a bug)
     * @throws WeightImportException if the pretrained trunk cannot be reloaded (a bug)
     */
    public List<Row> run(TrainingListener listener, java.util.function.Consumer<String> stage)
            throws IOException, DatasetException, WeightImportException {
        stage.accept("generating " + sourceImages + " source and " + targetImages + " target lesion images");
        Path sourceManifest = relabel(new SyntheticLesions(sourceImages, IMAGE_SIZE, seed).generate(out.resolve("source-data")), "asymmetry");
        Path targetManifest = new SyntheticLesions(targetImages, IMAGE_SIZE, seed + 1).generate(out.resolve("target-data"));

        List<Row> rows = new ArrayList<>();
        stage.accept("pretraining resnet18 (cut at layer3) on the source task: lesion asymmetry, 3 classes");
        FinetuneRun.Outcome source = FinetuneRun.execute(config(sourceManifest, null, "none", out.resolve("runs/source"),
                8, 3e-3f, 1f, 0.15, 0.0), listener);
        rows.add(new Row("source (asymmetry)", source));
        String pretrained = out.resolve("runs/source/model.safetensors").toString();

        stage.accept("target task, trunk frozen");
        rows.add(new Row("frozen", FinetuneRun.execute(config(targetManifest, pretrained, "all", out.resolve("runs/frozen"),
                15, 1e-2f, 1f, 0.3, 0.3), listener)));
        stage.accept("target task, trunk fine-tuned");
        rows.add(new Row("fine-tuned", FinetuneRun.execute(config(targetManifest, pretrained, "none", out.resolve("runs/fine-tuned"),
                15, 3e-3f, 0.3f, 0.3, 0.3), listener)));
        stage.accept("target task, from scratch");
        rows.add(new Row("scratch", FinetuneRun.execute(config(targetManifest, null, "none", out.resolve("runs/scratch"),
                15, 3e-3f, 1f, 0.3, 0.3), listener)));
        return rows;
    }

    /** A demo run's job; the demo owns its run folders and replaces them when it runs again. */
    private FinetuneConfig config(Path data, String weights, String freeze, Path run, int epochs, float lr,
            float trunkFactor, double valFraction, double testFraction) {
        TrainingOptions training = TrainingOptions.builder().optEpochs(epochs).optBatchSize(32).optLearningRate(lr)
                .optTrunkLearningRateFactor(trunkFactor).optPatience(0).optMetric(dev.graft.core.metric.SelectionMetric.ACCURACY).optSeed(seed).build();
        return new FinetuneConfig(data, null, null, "resnet18", weights, "layer3", freeze, HeadSpec.LINEAR, IMAGE_SIZE, 0,
                "train", valFraction, testFraction, 0.0, Map.of(), null, 0, false, "auto", run, false, training, null,
                java.util.Set.of(), true);
    }

    /** Writes a copy of the manifest whose label column is another column (the source task). */
    private static Path relabel(Path manifest, String column) throws IOException, DatasetException {
        CsvTable table = CsvTable.read(manifest);
        int path = table.column("path");
        int label = table.column(column);
        int group = table.column("group");
        StringBuilder csv = new StringBuilder("path,label,group\n");
        for (CsvTable.Row row : table.rows()) {
            csv.append(row.cells().get(path)).append(",a").append(row.cells().get(label)).append(',')
                    .append(row.cells().get(group)).append('\n');
        }
        Path relabelled = manifest.resolveSibling("source-" + column + ".csv");
        AtomicFiles.write(relabelled, csv.toString().getBytes(StandardCharsets.UTF_8));
        return relabelled;
    }
}
