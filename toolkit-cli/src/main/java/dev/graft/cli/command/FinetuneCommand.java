package dev.graft.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.cli.progress.ProgressBar;
import dev.graft.core.io.RunFormatException;
import dev.graft.core.model.HeadSpec;
import dev.graft.core.multitask.MultiTaskSpec;
import dev.graft.core.run.FinetuneConfig;
import dev.graft.core.run.FinetuneRun;
import dev.graft.core.train.OptimizerKind;
import dev.graft.core.train.TrainingDivergedException;
import dev.graft.core.train.TrainingOptions;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.augment.AugmentPipeline;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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
        arg(o, "data", "PATH", "training data: ImageFolder folder, .csv manifest or MedMNIST .npz");
        arg(o, "val", "PATH", "validation data (default: the data's own val split, else carved out)");
        arg(o, "test", "PATH", "test data (default: the data's own test split, else carved out)");
        arg(o, "arch", "A", "architecture (graft zoo list), or onnx-runtime to run --weights model.onnx as a frozen feature extractor");
        arg(o, "weights", "FILE|URL", "pretrained weights; omit to train from scratch");
        arg(o, "cut", "P", "cut point (default: pool)");
        arg(o, "freeze", "P|all|none", "freeze the trunk up to a cut point, all of it, or none (default all)");
        arg(o, "head", "linear|mlp", "new head (default linear)");
        arg(o, "hidden", "N", "hidden units of an mlp head (default 256)");
        arg(o, "dropout", "X", "dropout before the last layer (default 0)");
        arg(o, "epochs", "N", "maximum epochs (default 10)");
        arg(o, "batch-size", "N", "images per step (default 32)");
        arg(o, "lr", "X", "head learning rate (default 1e-2 with --freeze all, else 1e-3)");
        arg(o, "trunk-lr-factor", "X", "trunk learning rate as a fraction of the head's (default 0.1)");
        arg(o, "unfreeze-after", "N", "train N epochs with the trunk frozen before unfreezing (default 0)");
        arg(o, "optimizer", "O", "sgd, adam, adamw or rmsprop (default adamw)");
        arg(o, "weight-decay", "X", "weight decay (default 1e-4)");
        arg(o, "l1", "X", "L1 penalty (default 0)");
        arg(o, "max-norm", "X", "max-norm constraint on weights (default off)");
        arg(o, "schedule", "S", "constant, step or cosine (default cosine)");
        arg(o, "warmup", "N", "warm-up epochs (default 0)");
        arg(o, "label-smoothing", "X", "label smoothing (default 0)");
        arg(o, "augment", "SPEC", "training augmentation, e.g. hflip,rotate=20,rrc=0.6-1.0,jitter=0.2,mixup=0.2 (graft augment shows it)");
        arg(o, "not-invariant-to", "OPS", "operations the labels change under (e.g. hflip,vflip for a laterality label); --augment may not use them");
        arg(o, "image-size", "N", "input side in pixels (default: the architecture's, 224)");
        arg(o, "resize", "N", "shorter side before the centre crop (default 256/224 of --image-size; = --image-size for no crop)");
        arg(o, "normalize", "imagenet|train", "input statistics: the backbone's, or measured on training data only");
        o.addOption(Option.builder().longOpt("class-weight").hasArgs().argName("C=W|auto")
                .desc("error cost per class, e.g. melanoma=10, or auto (inverse frequency)").build());
        arg(o, "positive", "C", "positive class of a two-class task (default: the second class)");
        arg(o, "target-recall", "R", "choose the decision threshold on validation for this positive-class recall, e.g. 0.9");
        arg(o, "metric", "M", "selection metric: accuracy, balanced_accuracy, macro_f1, auc, weighted_error, loss");
        arg(o, "patience", "N", "early-stopping patience in epochs (default 5, 0 = off)");
        arg(o, "keep-weights", "best|last", "end with the best validation epoch's weights (default) or the last epoch's");
        arg(o, "val-fraction", "X", "share carved out for validation when none is given (default 0.15)");
        arg(o, "test-fraction", "X", "share carved out for test when none is given (default 0.15)");
        arg(o, "train-val-fraction", "X", "share of training data held out as train-val (default 0)");
        arg(o, "seed", "N", "random seed (default 42)");
        arg(o, "device", "D", "auto, cpu, cuda or cuda:N (default auto)");
        arg(o, "tasks", "FILE", "multi-task run: YAML or JSON tasks file (label columns, main and auxiliary roles, hard or soft sharing)");
        arg(o, "config", "FILE", "JSON or YAML file with these options; flags override it");
        arg(o, "out", "DIR", "run directory");
        flag(o, "resume", "continue the run in --out from its last checkpoint");
        flag(o, "skip-bad", "skip undecodable images (counted) instead of failing");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        Set<String> known = options().getOptions().stream().map(Option::getLongOpt).collect(Collectors.toSet());
        ConfigValues v = ConfigValues.of(line, known);
        FinetuneConfig config = config(v);
        try {
            FinetuneRun.Outcome outcome = FinetuneRun.execute(config, new ProgressBar(err, config.training().metric()));
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
            throw new CommandFailure(cause instanceof RunFormatException ? cause.getMessage()
                    : "cannot write the run: " + e.getMessage(), e);
        }
    }

    static FinetuneConfig config(ConfigValues v) {
        TrainingOptions training = TrainingOptions.builder()
                .optEpochs(v.integer("epochs", 10))
                .optBatchSize(v.integer("batch-size", 32))
                .optOptimizer(OptimizerKind.parse(v.get("optimizer", "adamw")))
                .optLearningRate(v.number("lr", v.get("freeze", "all").equals("all") ? 1e-2f : 1e-3f))
                .optTrunkLearningRateFactor(v.number("trunk-lr-factor", 0.1f))
                .optUnfreezeAfter(v.integer("unfreeze-after", 0))
                .optWeightDecay(v.number("weight-decay", 1e-4f))
                .optL1(v.number("l1", 0f))
                .optMaxNorm(v.number("max-norm", 0f))
                .optSchedule(v.get("schedule", "cosine"))
                .optWarmupEpochs(v.integer("warmup", 0))
                .optLabelSmoothing(v.number("label-smoothing", 0f))
                .optAugment(v.get("augment", ""))
                .optMetric(v.get("metric", "accuracy"))
                .optPatience(v.integer("patience", 5))
                .optRestoreBest(keepBest(v.get("keep-weights", "best")))
                .optSeed(v.integer("seed", 42))
                .build();
        Map<String, Float> classWeights = new LinkedHashMap<>();
        for (String item : v.all("class-weight")) {
            if (item.equals("auto")) {
                classWeights.put("auto", 0f);
                continue;
            }
            int eq = item.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--class-weight takes CLASS=WEIGHT or auto, got '" + item + "'.");
            }
            try {
                classWeights.put(item.substring(0, eq), Float.parseFloat(item.substring(eq + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--class-weight " + item + ": the weight is not a number.", e);
            }
        }
        if (v.get("not-invariant-to", null) != null) {
            AugmentPipeline.parse(training.augment()).requireInvariance(
                    Map.of("label", Set.of(v.get("not-invariant-to", "").split(","))));
        }
        String arch = v.get("arch", null);
        if (arch == null) {
            throw new IllegalArgumentException("missing --arch (see graft zoo list).");
        }
        var architecture = dev.graft.core.model.Architectures.resolve(arch, v.get("weights", null));
        String head = v.get("head", "linear");
        return new FinetuneConfig(
                path(v.get("data", null)), path(v.get("val", null)), path(v.get("test", null)),
                arch, v.get("weights", null), v.get("cut", "pool"), v.get("freeze", "all"),
                new HeadSpec(head, head.equals("mlp") ? v.integer("hidden", 256) : 0, v.number("dropout", 0f)),
                v.integer("image-size", architecture.spec().inputSize()), v.integer("resize", 0), v.get("normalize", "imagenet"),
                v.number("val-fraction", 0.15f), v.number("test-fraction", 0.15f), v.number("train-val-fraction", 0f),
                classWeights, v.get("positive", null), v.real("target-recall", 0), v.flag("skip-bad"), v.get("device", "auto"), path(v.get("out", null)), v.flag("resume"), training,
                tasks(v));
    }

    /** Reads the tasks from --tasks FILE, or from the config's inline tasks section. */
    private static MultiTaskSpec tasks(ConfigValues v) {
        JsonNode inline = v.node("tasks");
        if (inline != null) {
            return MultiTaskSpec.parse(inline, "the config's tasks section");
        }
        String file = v.get("tasks", null);
        if (file == null) {
            return null;
        }
        try {
            return MultiTaskSpec.parse(ConfigValues.readTree(Path.of(file)), file);
        } catch (CommandFailure e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static boolean keepBest(String keep) {
        return switch (keep) {
            case "best" -> true;
            case "last" -> false;
            default -> throw new IllegalArgumentException("--keep-weights must be best or last, got '" + keep + "'.");
        };
    }

    private static Path path(String value) {
        return value == null ? null : Path.of(value);
    }
}
