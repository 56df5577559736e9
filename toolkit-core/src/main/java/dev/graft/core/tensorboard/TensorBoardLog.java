package dev.graft.core.tensorboard;

import dev.graft.core.metric.TaskScore;
import dev.graft.core.tensorboard.proto.Summary;
import dev.graft.core.train.EpochResult;
import dev.graft.core.train.TrainingListener;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A run's TensorBoard log, always written into the run directory's {@code tensorboard/} folder
 * (so {@code tensorboard --logdir runs/} shows every run side by side): per epoch the training
 * loss and accuracy, every validation metric, the learning rate, throughput and, in a multi-task
 * run, each task's loss, loss weight and validation metrics; at the end, at the kept epoch, the
 * test metrics and images of the kept model's evaluation (precision–recall curve, confusion
 * matrix, worst errors).
 */
public final class TensorBoardLog implements TrainingListener {

    /** The folder inside a run directory. */
    public static final String FOLDER = "tensorboard";

    private final EventWriter writer;

    /**
     * Starts the log of a run with a new event file.
     *
     * @param run the run directory
     * @throws IOException if the event file cannot be created
     */
    public TensorBoardLog(Path run) throws IOException {
        this.writer = new EventWriter(run.resolve(FOLDER));
    }

    @Override
    public void onEpoch(EpochResult result, boolean improved) {
        List<Summary.Value> values = new ArrayList<>();
        values.add(EventWriter.scalar("train/loss", result.trainLoss()));
        values.add(EventWriter.scalar("train/accuracy", result.trainAccuracy()));
        scores(values, "val/", result.validation());
        values.add(EventWriter.scalar("learning_rate", result.learningRate()));
        values.add(EventWriter.scalar("images_per_second", result.imagesPerSecond()));
        values.add(EventWriter.scalar("epoch_seconds", result.seconds()));
        if (result.tasks() != null) {
            for (EpochResult.TaskEpoch task : result.tasks()) {
                String prefix = "task/" + task.task() + "/";
                values.add(EventWriter.scalar(prefix + "train_loss", task.trainLoss()));
                values.add(EventWriter.scalar(prefix + "loss_weight", task.lossWeight()));
                scores(values, prefix + "val_", task.validation());
            }
        }
        try {
            writer.write(result.epoch(), values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TensorBoard log " + writer.file() + ": " + e.getMessage(), e);
        }
    }

    private static void scores(List<Summary.Value> values, String prefix, TaskScore score) {
        if (score == null) {
            return;
        }
        score.metrics().forEach((name, value) -> {
            if (Double.isFinite(value)) {
                values.add(EventWriter.scalar(prefix + name, value));
            }
        });
    }

    /**
     * Logs the kept model's evaluation at the kept epoch: its test metrics and pictures.
     *
     * @param step the kept epoch
     * @param test the test report, or {@code null} without a test set
     * @param images the pictures by tag
     * @throws IOException if writing fails
     */
    public void evaluation(int step, TaskScore test, Map<String, BufferedImage> images) throws IOException {
        List<Summary.Value> values = new ArrayList<>();
        scores(values, "test/", test);
        images.forEach((tag, picture) -> values.add(EventWriter.image(tag, png(picture), picture.getWidth(), picture.getHeight())));
        writer.write(step, values);
    }

    /**
     * Encodes an image as PNG.
     *
     * @param image the image
     * @return the PNG bytes
     */
    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
