package dev.graft.cli.progress;

import dev.graft.core.train.EpochResult;
import dev.graft.core.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Renders training events: on a terminal, a progress bar per epoch (steps, loss, images/s) that
 * redraws in place; always one summary line per epoch, a star marking the best so far. When
 * output goes to a file or pipe, only the summary lines are written, so logs stay readable.
 */
public final class ProgressBar implements TrainingListener {

    private static final int WIDTH = 24;

    private final PrintStream out;
    private final String metric;
    private final boolean interactive;
    private int epochs;
    private int steps;
    private long lastDraw;

    /**
     * Creates a renderer.
     *
     * @param out where to draw (stderr, so stdout stays clean for results)
     * @param metric the selection metric, shown per epoch
     */
    public ProgressBar(PrintStream out, String metric) {
        this(out, metric, System.console() != null);
    }

    /**
     * Creates a renderer.
     *
     * @param out where to draw
     * @param metric the selection metric, shown per epoch
     * @param interactive whether to redraw a progress bar in place (a terminal)
     */
    public ProgressBar(PrintStream out, String metric, boolean interactive) {
        this.out = out;
        this.metric = metric;
        this.interactive = interactive;
    }

    @Override
    public void onTrainingStart(int epochs, int stepsPerEpoch, int startEpoch) {
        this.epochs = epochs;
        this.steps = stepsPerEpoch;
    }

    @Override
    public void onStep(int epoch, int step, double loss, double imagesPerSecond) {
        long now = System.nanoTime();
        if (!interactive || step != steps && now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        int filled = WIDTH * step / Math.max(1, steps);
        out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f %.1f img/s   ", epoch, epochs,
                "=".repeat(filled), " ".repeat(WIDTH - filled), step, steps, loss, imagesPerSecond);
        out.flush();
    }

    @Override
    public void onEpoch(EpochResult r, boolean improved) {
        out.printf(Locale.ROOT, (interactive ? "\r" : "") + "epoch %d/%d train_loss %.4f train_acc %.4f val_loss %.4f val_acc %.4f val_%s %.4f lr %.2e %.1f img/s %.1fs%s%n",
                r.epoch(), epochs, r.trainLoss(), r.trainAccuracy(), r.validation().logLoss(), r.validation().accuracy(),
                metric, r.validation().get(metric), r.learningRate(), r.imagesPerSecond(), r.seconds(), improved ? " *" : "");
    }

    @Override
    public void onEvent(String message) {
        out.println((interactive ? "\r" : "") + message);
    }
}
