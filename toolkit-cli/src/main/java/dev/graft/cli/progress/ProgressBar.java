package dev.graft.cli.progress;

import dev.graft.cli.console.Terminal;
import dev.graft.cli.console.Verbosity;
import dev.graft.core.progress.ProgressListener;
import dev.graft.core.progress.TaskProgress;
import dev.graft.core.train.EpochResult;
import dev.graft.core.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Renders a command's progress on stderr. On a terminal: a bar per epoch and per long step
 * (decoding, feature caching, validation, inference), each with elapsed time, ETA and rate,
 * redrawn in place at most five times a second. Always (unless quiet) one summary line per epoch,
 * a star marking the best so far, and the loop's events. When stderr is a file or pipe only
 * those lines are written, so logs stay readable; {@code --verbose} adds each long step's timing.
 */
public final class ProgressBar implements TrainingListener, ProgressListener {

    private static final int BAR = 24;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private String metric;
    private String warning;
    private final boolean interactive;
    private final Verbosity verbosity;
    private final int columns;
    private int epochs;
    private int steps;
    private int epoch;
    private boolean inEpoch;
    private long epochStart;
    private long lastDraw;
    private boolean drawn;
    /** Redraws the bar on screen for a given time (nanoTime), so elapsed and ETA tick between updates; null when none is shown. */
    private java.util.function.LongFunction<String> shown;
    private Thread ticker;

    /**
     * Creates a renderer for a command with no selection metric (evaluate, predict, embed, export).
     *
     * @param out where to draw (stderr, so stdout stays clean for results)
     * @param verbosity how much to say
     */
    public ProgressBar(PrintStream out, Verbosity verbosity) {
        this(out, "accuracy", Terminal.stderrIsTerminal(), verbosity);
    }

    /**
     * Creates a renderer that draws bars when stderr is a terminal.
     *
     * @param out where to draw (stderr, so stdout stays clean for results)
     * @param metric the selection metric, shown per epoch
     * @param verbosity how much to say
     */
    public ProgressBar(PrintStream out, String metric, Verbosity verbosity) {
        this(out, metric, Terminal.stderrIsTerminal(), verbosity);
    }

    /**
     * Creates a renderer.
     *
     * @param out where to draw
     * @param metric the selection metric, shown per epoch
     * @param interactive whether to redraw bars in place (a terminal)
     * @param verbosity how much to say
     */
    public ProgressBar(PrintStream out, String metric, boolean interactive, Verbosity verbosity) {
        this.out = out;
        this.metric = metric;
        this.verbosity = verbosity;
        this.interactive = interactive && verbosity != Verbosity.QUIET;
        this.columns = Terminal.columns();
    }

    /**
     * Names the metric that selects the best epoch, shown on each epoch's line beside accuracy.
     *
     * @param label the metric's label, e.g. {@code auc}
     * @return this
     */
    public synchronized ProgressBar selecting(String label) {
        this.metric = label;
        return this;
    }

    /**
     * Holds a warning to print when training starts (whatever the verbosity), so a run refused
     * before then ends with its error alone.
     *
     * @param warning the line, or {@code null} for none
     * @return this
     */
    public synchronized ProgressBar warnOnStart(String warning) {
        this.warning = warning;
        return this;
    }

    @Override
    public synchronized void onTrainingStart(int epochs, int stepsPerEpoch, int startEpoch) {
        if (warning != null) {
            line(warning);
            warning = null;
        }
        this.epochs = epochs;
        this.steps = stepsPerEpoch;
    }

    @Override
    public synchronized void onStep(int epoch, int step, double loss, double imagesPerSecond) {
        if (!inEpoch || this.epoch != epoch) {
            this.epoch = epoch;
            inEpoch = true;
            epochStart = System.nanoTime();
        }
        if (!interactive || step != steps && System.nanoTime() - lastDraw < REDRAW_NANOS) {
            return;
        }
        long start = epochStart;
        int total = steps;
        String head = String.format(Locale.ROOT, "epoch %d/%d %s %d/%d loss %.4f  %.1f img/s", epoch, epochs, bar(step, steps), step,
                steps, loss, imagesPerSecond);
        show(now -> {
            double seconds = (now - start) / 1e9;
            return head + "  " + clock(seconds) + " elapsed  ETA " + clock(step == 0 ? Double.NaN : seconds * (total - step) / step);
        });
    }

    @Override
    public synchronized void onEpoch(EpochResult r, boolean improved) {
        inEpoch = false;
        if (verbosity == Verbosity.QUIET) {
            return;
        }
        String selected = metric.equals("accuracy") ? "" : String.format(Locale.ROOT, " val_%s %.4f", metric, r.validation().get(metric));
        line(String.format(Locale.ROOT, "epoch %d/%d train_loss %.4f train_acc %.4f val_loss %.4f val_acc %.4f%s lr %.2e %.1f img/s %.1fs%s",
                r.epoch(), epochs, r.trainLoss(), r.trainAccuracy(), r.validation().logLoss(), r.validation().accuracy(), selected,
                r.learningRate(), r.imagesPerSecond(), r.seconds(), improved ? " *" : ""));
    }

    @Override
    public synchronized void onEvent(String message) {
        if (verbosity != Verbosity.QUIET) {
            line(message);
        }
    }

    @Override
    public synchronized void onTask(TaskProgress p) {
        if (!interactive || p.done() != 0 && p.done() != p.total() && System.nanoTime() - lastDraw < REDRAW_NANOS) {
            return;
        }
        String name = inEpoch ? "epoch " + epoch + "/" + epochs + " validation: " + p.name() : p.name();
        long received = System.nanoTime();
        show(now -> {
            TaskProgress at = new TaskProgress(p.name(), p.done(), p.total(), p.unit(), p.seconds() + (now - received) / 1e9);
            return String.format(Locale.ROOT, "%s %s %d/%d  %s  %s elapsed  ETA %s", name, bar(at.done(), at.total()), at.done(),
                    at.total(), rate(at), clock(at.seconds()), clock(at.secondsLeft()));
        });
    }

    @Override
    public synchronized void onTaskDone(TaskProgress p) {
        if (verbosity == Verbosity.VERBOSE) {
            line(String.format(Locale.ROOT, "%s: %d %s in %s, %s", p.name(), p.done(), p.unit(), clock(p.seconds()), rate(p)));
        } else if (drawn) {
            clear();
        }
    }

    private static String rate(TaskProgress p) {
        return Double.isNaN(p.rate()) ? "- " + p.unit() + "/s" : String.format(Locale.ROOT, "%.1f %s/s", p.rate(), p.unit());
    }

    private static String bar(long done, long total) {
        int filled = (int) (BAR * Math.min(done, total) / Math.max(1, total));
        return "[" + "=".repeat(filled) + (filled < BAR ? ">" + " ".repeat(BAR - filled - 1) : "") + "]";
    }

    /** Seconds as m:ss (or h:mm:ss); "?" when not known. */
    static String clock(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Shows a bar now and keeps redrawing it every second until something else is written. */
    private void show(java.util.function.LongFunction<String> line) {
        shown = line;
        draw(line.apply(System.nanoTime()));
        if (ticker == null) {
            ticker = new Thread(this::tick, "graft-progress");
            ticker.setDaemon(true);
            ticker.start();
        }
    }

    private void tick() {
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (drawn && shown != null && System.nanoTime() - lastDraw >= 900_000_000L) {
                    draw(shown.apply(System.nanoTime()));
                }
            }
        }
    }

    /** Redraws the bar line in place, cut to the terminal's width. */
    private void draw(String text) {
        lastDraw = System.nanoTime();
        String shown = text.length() >= columns ? text.substring(0, columns - 1) : text;
        out.print("\r" + shown + "\033[K");
        out.flush();
        drawn = true;
    }

    private void clear() {
        shown = null;
        out.print("\r\033[K");
        out.flush();
        drawn = false;
    }

    /** Writes a line that stays, replacing any bar drawn. */
    private void line(String text) {
        if (drawn) {
            clear();
        }
        out.println(text);
    }
}
