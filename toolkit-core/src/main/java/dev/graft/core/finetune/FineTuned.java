package dev.graft.core.finetune;

import dev.graft.core.export.RunExport;
import dev.graft.core.metric.ClassificationReport;
import dev.graft.core.run.FinetuneRun;
import dev.graft.core.run.LabelledData;
import dev.graft.core.run.Predictions;
import dev.graft.core.run.RunFiles;
import dev.graft.core.run.TrainedModel;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.ImageSource;
import dev.graft.datasets.LabeledImage;
import dev.graft.datasets.image.BadImagePolicy;
import dev.graft.datasets.image.FileImage;
import dev.graft.datasets.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained classifier from a run directory (what {@link FineTuning#fit()} returns, or {@link
 * #open} reopens): it predicts on images in memory or on disk with the run's preprocessing and
 * decision rule, evaluates on labelled data, copies its run and exports ONNX. Close it to free
 * native memory.
 */
public final class FineTuned implements AutoCloseable {

    private final Path run;
    private final TrainedModel model;

    private FineTuned(Path run, TrainedModel model) {
        this.run = run;
        this.model = model;
    }

    /**
     * Opens a run directory written by {@code graft finetune} or {@link FineTuning#fit()}.
     *
     * @param run the run directory
     * @param device {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}
     * @return the classifier; close it
     * @throws IOException if the directory holds no readable model
     */
    public static FineTuned open(Path run, String device) throws IOException {
        return new FineTuned(run, TrainedModel.open(run, device));
    }

    /** @return the run directory */
    public Path runDirectory() {
        return run;
    }

    /** @return the class names, in output order */
    public List<String> classNames() {
        return model.classNames();
    }

    /**
     * Predicts one image in memory.
     *
     * @param image the image
     * @param name what to call it in the prediction
     * @return the prediction
     * @throws DatasetException if the image cannot be used
     */
    public Prediction predict(BufferedImage image, String name) throws DatasetException {
        return predictAll(List.of(new ImageSource() {
            @Override
            public BufferedImage load() {
                return image;
            }

            @Override
            public String describe() {
                return name;
            }
        })).get(0);
    }

    /**
     * Predicts one image file.
     *
     * @param image the file
     * @return the prediction
     * @throws DatasetException naming the file if it cannot be decoded
     */
    public Prediction predict(Path image) throws DatasetException {
        return predict(List.of(image)).get(0);
    }

    /**
     * Predicts image files.
     *
     * @param images the files
     * @return a prediction per file, in order
     * @throws DatasetException naming a file that cannot be decoded
     */
    public List<Prediction> predict(List<Path> images) throws DatasetException {
        return predictAll(images.stream().<ImageSource>map(p -> new FileImage(p, ImageDecoder.standard())).toList());
    }

    private List<Prediction> predictAll(List<ImageSource> sources) throws DatasetException {
        List<LabeledImage> images = sources.stream().map(s -> LabeledImage.of(s, 0)).toList();
        Predictions p = model.predict(new ImageDataset(classNames(), images), BadImagePolicy.FAIL);
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < p.split().size(); i++) {
            out.add(new Prediction(p.split().images().get(i).source().describe(), classNames().get(p.predicted(i)), classNames(),
                    p.probabilities()[i]));
        }
        return out;
    }

    /**
     * Evaluates on labelled data (a folder, CSV manifest or NPZ, as {@code graft evaluate} reads
     * it), with the run's class weights and decision rule and 95 % bootstrap intervals.
     *
     * @param data the labelled data
     * @return the report
     * @throws DatasetException if the data cannot be read
     * @throws IOException if the run's files cannot be read
     */
    public ClassificationReport evaluate(Path data) throws DatasetException, IOException {
        ImageDataset images = LabelledData.read(data, classNames());
        Predictions p = model.predict(images, BadImagePolicy.FAIL);
        return FinetuneRun.evaluation(classNames(), RunFiles.classWeights(run, classNames().size()), p, run.toString());
    }

    /**
     * Copies the run (model, metrics, report, config; not its checkpoint) to a new directory.
     *
     * @param target the directory, which must not exist yet
     * @return the directory
     * @throws IOException if it exists or cannot be written
     */
    public Path saveTo(Path target) throws IOException {
        if (Files.exists(target)) {
            throw new IOException(target + " already exists; choose a new directory.");
        }
        Files.createDirectories(target);
        try (var files = Files.list(run)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    /**
     * Exports the model to ONNX and checks it against PyTorch on ONNX Runtime.
     *
     * @param file the ONNX file to write
     * @return the file, its size, the parity measured and its metadata
     * @throws IOException if it cannot be written or parity fails
     */
    public RunExport.Result exportOnnx(Path file) throws IOException {
        return RunExport.export(run, file, 17, false);
    }

    @Override
    public void close() {
        model.close();
    }
}
