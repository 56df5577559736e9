package dev.graft.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.core.model.Architectures;
import dev.graft.core.model.HeadSpec;
import dev.graft.core.multitask.MultiTaskSpec;
import dev.graft.core.options.Option;
import dev.graft.core.options.OptionGroup;
import dev.graft.core.options.OptionValues;
import dev.graft.core.train.TrainingOptions;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.split.DatasetSplits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every option of a fine-tuning run, declared once (Tribuo's Options classes are the model): the
 * data, model and output options here, the training ones in {@link TrainingOptions}. The command
 * line's flags and help, config files, search trials, the Java {@code FineTuning} builder and a
 * run's saved {@code config.yaml} all go through {@link #config} and {@link #values}.
 */
public final class FinetuneOptions {

    /** The training data. */
    public static final Option<String> DATA = Option.text("data", OptionGroup.DATA, "PATH", null,
            "training data: ImageFolder folder, .csv manifest or MedMNIST .npz");
    /** Validation data. */
    public static final Option<String> VAL = Option.text("val", OptionGroup.DATA, "PATH", null,
            "validation data (default: the data's own val split, else carved out)");
    /** Test data. */
    public static final Option<String> TEST = Option.text("test", OptionGroup.DATA, "PATH", null,
            "test data (default: the data's own test split, else carved out)");
    /** Validation share. */
    public static final Option<Double> VAL_FRACTION = Option.real("val-fraction", OptionGroup.DATA, "X", 0.15,
            "share carved out for validation when none is given").check(v -> v >= 0 && v < 1, "must be in [0, 1)");
    /** Test share. */
    public static final Option<Double> TEST_FRACTION = Option.real("test-fraction", OptionGroup.DATA, "X", 0.15,
            "share of training data carved out for test when none is given").check(v -> v >= 0 && v < 1, "must be in [0, 1)")
            .withoutDefault(FinetuneConfig.DEFAULT_TEST_FRACTION + "; 0 when val data is given, so all of train/ trains");
    /** Train-val share. */
    public static final Option<Double> TRAIN_VAL_FRACTION = Option.real("train-val-fraction", OptionGroup.DATA, "X", 0,
            "share of training data held out as train-val").check(v -> v >= 0 && v < 1, "must be in [0, 1)");
    /** Input side. */
    public static final Option<List<Integer>> IMAGE_SIZE = Option.integers("image-size", OptionGroup.DATA, "N[,N]", 224,
            "input side in pixels; several, e.g. 128,224, train at each in turn for resize-epochs epochs (progressive resizing),"
            + " the last is the model's").check(v -> v.stream().allMatch(side -> side >= 16 && side <= 1024), "must be in [16, 1024]")
            .describeDefault("the architecture's, 224");
    /** Resize side. */
    public static final Option<Integer> RESIZE = Option.integer("resize", OptionGroup.DATA, "N", 0,
            "shorter side before the centre crop; = image-size for no crop").check(v -> v >= 0, "must be at least 0")
            .describeDefault("256/224 of image-size");
    /** Input statistics. */
    public static final Option<String> NORMALIZE = Option.text("normalize", OptionGroup.DATA, "imagenet|train", "imagenet",
            "input statistics: the backbone's, or measured on training data only")
            .check(v -> v.equals("imagenet") || v.equals("train"), "must be imagenet or train");
    /** Skip undecodable images. */
    public static final Option<Boolean> SKIP_BAD = Option.flag("skip-bad", OptionGroup.DATA,
            "skip undecodable images (counted) instead of failing");
    /** Metadata columns read beside the image. */
    public static final Option<String> METADATA = Option.text("metadata", OptionGroup.DATA, "COL[:num|cat],...", null,
            "CSV manifest columns the head reads beside the image (e.g. age:num,sex:cat,site; type inferred when left out):"
            + " numbers standardised on training rows with a missing indicator, categories one-hot with an unknown slot")
            .describeDefault("none");
    /** Architecture. */
    public static final Option<String> ARCH = Option.text("arch", OptionGroup.MODEL, "A", null,
            "architecture (graft zoo list); onnx or keras to rebuild weights model.onnx, or a Keras model.h5 / model.keras /"
            + " TF.js model.json, as trainable blocks (keras feeds [0, 1] RGB, or 0-255 to a model that starts with its own"
            + " Rescaling / Normalization); onnx-runtime to run weights model.onnx as a frozen feature extractor"
            + " (savedmodel: a TensorFlow SavedModel folder, with -P tensorflow)");
    /** Weights. */
    public static final Option<String> WEIGHTS = Option.text("weights", OptionGroup.MODEL, "FILE|URL", null,
            "pretrained weights (graft zoo list says where to get them); without them the backbone is random");
    /** Cut point. */
    public static final Option<String> CUT = Option.text("cut", OptionGroup.MODEL, "P", "pool", "cut point");
    /** Freezing. */
    public static final Option<String> FREEZE = Option.text("freeze", OptionGroup.MODEL, "P|all|none", "all",
            "freeze the trunk up to a cut point, all of it, or none");
    /** Head kind. */
    public static final Option<HeadSpec.Kind> HEAD = Option.choice("head", OptionGroup.MODEL, HeadSpec.Kind.class, HeadSpec.Kind.LINEAR,
            "new head");
    /** MLP hidden units. */
    public static final Option<Integer> HIDDEN = Option.integer("hidden", OptionGroup.MODEL, "N", 256, "hidden units of an mlp head")
            .check(v -> v >= 1, "must be at least 1");
    /** Dropout. */
    public static final Option<Double> DROPOUT = Option.real("dropout", OptionGroup.REGULARISATION, "X", 0,
            "dropout before the head's last layer").check(v -> v >= 0 && v < 1, "must be in [0, 1)");
    /** Multi-task tasks. */
    public static final Option<String> TASKS = Option.section("tasks", OptionGroup.MODEL, "FILE",
            "multi-task run: YAML or JSON tasks file (or a tasks section in config)");
    /** Class weights. */
    public static final Option<String> CLASS_WEIGHT = Option.many("class-weight", OptionGroup.TRAINING, "C=W|auto",
            "error cost per class, e.g. melanoma=10, or auto (inverse frequency)");
    /** Positive class. */
    public static final Option<String> POSITIVE = Option.text("positive", OptionGroup.TRAINING, "C", null,
            "positive class of a two-class task (default: the second class)");
    /** Target recall. */
    public static final Option<Double> TARGET_RECALL = Option.real("target-recall", OptionGroup.TRAINING, "R", 0,
            "choose the decision threshold on validation for this positive-class recall, e.g. 0.9")
            .check(v -> v >= 0 && v <= 1, "must be in (0, 1]").describeDefault("off");
    /** Operations the labels change under. */
    public static final Option<String> NOT_INVARIANT_TO = Option.text("not-invariant-to", OptionGroup.AUGMENTATION, "OPS", null,
            "operations the labels change under (e.g. hflip,vflip for a laterality label); augment may not use them");
    /** Named recipe. */
    public static final Option<String> RECIPE = Option.text("recipe", OptionGroup.TRAINING, "NAME", null,
            "named recipe: ordinary options filled in for you, any option given overrides it; " + Recipe.help())
            .check(v -> java.util.Arrays.stream(Recipe.values()).anyMatch(r -> r.label().equals(v)),
                    "must be one of " + Recipe.names()).describeDefault("none");
    /** Device. */
    public static final Option<String> DEVICE = Option.text("device", OptionGroup.OUTPUT, "D", "auto", "auto, cpu, cuda or cuda:N");
    /** Config file. */
    public static final Option<String> CONFIG = Option.text("config", OptionGroup.OUTPUT, "FILE",
            null, "JSON or YAML file with these options (a run's config.yaml works); flags override it");
    /** Run directory. */
    public static final Option<String> OUT = Option.text("out", OptionGroup.OUTPUT, "DIR", null, "run directory");
    /** Resume. */
    public static final Option<Boolean> RESUME = Option.flag("resume", OptionGroup.OUTPUT,
            "continue the run in out from its last checkpoint, if its options and data are the run's");
    /** Overwrite. */
    public static final Option<Boolean> OVERWRITE = Option.flag("overwrite", OptionGroup.OUTPUT,
            "replace the run already in out (its checkpoint is deleted; its other files are replaced as they are written)");

    /** Every option of a fine-tuning run, grouped, in help order. */
    public static final List<Option<?>> ALL = all();

    /** Options a run's saved config leaves out: where it was written and how it was started. */
    private static final Set<String> NOT_SAVED = Set.of("out", "resume", "config", "overwrite");

    private FinetuneOptions() {}

    private static List<Option<?>> all() {
        List<Option<?>> all = new ArrayList<>(List.of(RECIPE, DATA, VAL, TEST, VAL_FRACTION, TEST_FRACTION, TRAIN_VAL_FRACTION, IMAGE_SIZE,
                RESIZE, NORMALIZE, SKIP_BAD, METADATA, ARCH, WEIGHTS, CUT, FREEZE, HEAD, HIDDEN, TASKS, CLASS_WEIGHT, POSITIVE, TARGET_RECALL, DROPOUT,
                NOT_INVARIANT_TO, DEVICE, CONFIG, OUT, RESUME, OVERWRITE));
        all.addAll(TrainingOptions.ALL);
        List<Option<?>> grouped = new ArrayList<>();
        for (OptionGroup g : OptionGroup.values()) {
            all.stream().filter(o -> o.group() == g).forEach(grouped::add);
        }
        return List.copyOf(grouped);
    }

    /**
     * Reads a run's options from their values; absent ones take their defaults.
     *
     * @param given the values (a config file overridden by flags, a search trial, a builder); a
     *     recipe they name is expanded first, under them
     * @return the run's configuration
     * @throws IllegalArgumentException naming the option at fault
     */
    public static FinetuneConfig config(OptionValues given) {
        OptionValues v = Recipe.expand(given);
        String freeze = FREEZE.read(v);
        List<Integer> sides = IMAGE_SIZE.read(v);
        Double dropPath = TrainingOptions.DROP_PATH.read(v);
        boolean autoRate = TrainingOptions.AUTO.equals(v.get(TrainingOptions.LEARNING_RATE.name()));
        TrainingOptions training = TrainingOptions.builder()
                .optEpochs(TrainingOptions.EPOCHS.read(v))
                .optBatchSize(TrainingOptions.BATCH_SIZE.read(v))
                .optOptimizer(TrainingOptions.OPTIMIZER.read(v))
                .optLearningRate(TrainingOptions.LEARNING_RATE.read(autoRate ? v.with(TrainingOptions.LEARNING_RATE.name(), (String) null) : v,
                        freeze.equals("all") ? 1e-2 : 1e-3).floatValue())
                .optLearningRateAuto(autoRate)
                .optLrFindSteps(TrainingOptions.LR_FIND_STEPS.read(v))
                .optTrunkLearningRateFactor(TrainingOptions.TRUNK_LR_FACTOR.read(v).floatValue())
                .optLayerDecay(TrainingOptions.LAYER_DECAY.read(v).floatValue())
                .optUnfreezeAfter(TrainingOptions.UNFREEZE_AFTER.read(v))
                .optWeightDecay(TrainingOptions.WEIGHT_DECAY.read(v).floatValue())
                .optL1(TrainingOptions.L1.read(v).floatValue())
                .optMaxNorm(TrainingOptions.MAX_NORM.read(v).floatValue())
                .optSchedule(TrainingOptions.SCHEDULE.read(v))
                .optWarmupEpochs(TrainingOptions.WARMUP.read(v))
                .optStepEpochs(TrainingOptions.STEP_EPOCHS.read(v))
                .optStepGamma(TrainingOptions.STEP_GAMMA.read(v).floatValue())
                .optLabelSmoothing(TrainingOptions.LABEL_SMOOTHING.read(v).floatValue())
                .optDropPath(dropPath == null ? null : dropPath.floatValue())
                .optAugment(TrainingOptions.AUGMENT.read(v))
                .optMetric(TrainingOptions.METRIC.read(v))
                .optPatience(TrainingOptions.PATIENCE.read(v))
                .optRestoreBest(TrainingOptions.KEEP_WEIGHTS.read(v) == TrainingOptions.Keep.BEST)
                .optSeed(TrainingOptions.SEED.read(v))
                .optDivergenceFactor(TrainingOptions.DIVERGENCE_FACTOR.read(v).floatValue())
                .optEma(TrainingOptions.EMA.read(v).floatValue())
                .optSwaEpochs(TrainingOptions.SWA_EPOCHS.read(v))
                .optSampler(TrainingOptions.SAMPLER.read(v))
                .optLoss(TrainingOptions.LOSS.read(v))
                .optFocalGamma(TrainingOptions.FOCAL_GAMMA.read(v).floatValue())
                .optProgressiveSizes(sides.subList(0, sides.size() - 1), TrainingOptions.RESIZE_EPOCHS.read(v))
                .build();
        String arch = ARCH.read(v);
        if (arch == null) {
            throw new IllegalArgumentException("missing arch (see graft zoo list).");
        }
        String weights = WEIGHTS.read(v);
        int imageSize = v.get(IMAGE_SIZE.name()) != null ? sides.get(sides.size() - 1) : Architectures.resolve(arch, weights).spec().inputSize();
        HeadSpec.Kind head = HEAD.read(v);
        String notInvariant = NOT_INVARIANT_TO.read(v);
        Set<String> notInvariantTo = notInvariant == null || notInvariant.isBlank() ? Set.of()
                : new LinkedHashSet<>(List.of(notInvariant.split(",")));
        if (!notInvariantTo.isEmpty()) {
            dev.graft.datasets.augment.AugmentPipeline.parse(training.augment()).requireInvariance(Map.of("label", notInvariantTo));
        }
        return new FinetuneConfig(path(DATA.read(v)), path(VAL.read(v)), path(TEST.read(v)), arch, weights, CUT.read(v), freeze,
                new HeadSpec(Option.label(head), head == HeadSpec.Kind.MLP ? HIDDEN.read(v) : 0, DROPOUT.read(v).floatValue()),
                imageSize, RESIZE.read(v), NORMALIZE.read(v), narrow(VAL_FRACTION.read(v)), testFraction(v),
                narrow(TRAIN_VAL_FRACTION.read(v)), classWeights(v.all(CLASS_WEIGHT.name())), POSITIVE.read(v), TARGET_RECALL.read(v),
                SKIP_BAD.read(v), DEVICE.read(v), path(OUT.read(v)), RESUME.read(v), training, tasks(v), notInvariantTo,
                OVERWRITE.read(v), METADATA.read(v) == null ? null : dev.graft.datasets.metadata.MetadataColumns.parse(METADATA.read(v)),
                RECIPE.read(v));
    }

    /**
     * Writes a run's configuration as option values, in help order, ready to be read back by
     * {@link #config} (a run's {@code config.yaml}): paths absolute, every option explicit, the
     * run directory and resuming left out; an option whose absence means something of its own (no
     * weights, the architecture's drop-path rate) stays absent.
     *
     * @param config the configuration
     * @return option name to value (text, list of texts, or a tasks mapping)
     */
    public static Map<String, Object> values(FinetuneConfig config) {
        TrainingOptions t = config.training();
        Map<String, Object> all = new LinkedHashMap<>();
        put(all, DATA, absolute(config.data()));
        put(all, VAL, absolute(config.val()));
        put(all, TEST, absolute(config.test()));
        put(all, VAL_FRACTION, config.valFraction());
        put(all, TEST_FRACTION, Double.isNaN(config.testFraction()) ? null : config.testFraction());
        put(all, TRAIN_VAL_FRACTION, config.trainValFraction());
        List<Integer> sides = new ArrayList<>(t.progressiveSizes());
        sides.add(config.imageSize());
        all.put(IMAGE_SIZE.name(), sides.size() == 1 ? new java.math.BigDecimal(config.imageSize()) : IMAGE_SIZE.format(sides));
        put(all, RESIZE, config.resize());
        put(all, NORMALIZE, config.normalize());
        put(all, SKIP_BAD, config.skipBad());
        put(all, METADATA, config.metadata() == null ? null : config.metadata().toString());
        put(all, ARCH, config.arch());
        put(all, WEIGHTS, config.weights());
        put(all, CUT, config.cut());
        put(all, FREEZE, config.freeze());
        put(all, HEAD, HeadSpec.Kind.valueOf(config.head().kind().toUpperCase(java.util.Locale.ROOT)));
        if (config.head().hidden() > 0) {
            put(all, HIDDEN, config.head().hidden());
        }
        if (config.tasks() != null) {
            all.put(TASKS.name(), config.tasks().toMap());
        }
        if (!config.classWeights().isEmpty()) {
            List<String> weights = new ArrayList<>();
            new java.util.TreeMap<>(config.classWeights()).forEach((c, w) -> weights.add(c.equals("auto") ? "auto" : c + "=" + w));
            all.put(CLASS_WEIGHT.name(), weights);
        }
        put(all, POSITIVE, config.positiveClass());
        put(all, TARGET_RECALL, config.targetRecall());
        put(all, DROPOUT, (double) config.head().dropout());
        if (!config.notInvariantTo().isEmpty()) {
            put(all, NOT_INVARIANT_TO, String.join(",", config.notInvariantTo()));
        }
        put(all, RECIPE, config.recipe());
        put(all, DEVICE, config.device());
        put(all, TrainingOptions.EPOCHS, t.epochs());
        put(all, TrainingOptions.BATCH_SIZE, t.batchSize());
        put(all, TrainingOptions.OPTIMIZER, t.optimizer());
        if (t.learningRateAuto()) {
            all.put(TrainingOptions.LEARNING_RATE.name(), TrainingOptions.AUTO);
        } else {
            put(all, TrainingOptions.LEARNING_RATE, (double) t.learningRate());
        }
        put(all, TrainingOptions.LR_FIND_STEPS, t.lrFindSteps());
        put(all, TrainingOptions.TRUNK_LR_FACTOR, (double) t.trunkLearningRateFactor());
        put(all, TrainingOptions.LAYER_DECAY, (double) t.layerDecay());
        put(all, TrainingOptions.UNFREEZE_AFTER, t.unfreezeAfter());
        put(all, TrainingOptions.SCHEDULE, t.schedule());
        put(all, TrainingOptions.WARMUP, t.warmupEpochs());
        put(all, TrainingOptions.STEP_EPOCHS, t.stepEpochs());
        put(all, TrainingOptions.STEP_GAMMA, (double) t.stepGamma());
        put(all, TrainingOptions.METRIC, t.metric());
        put(all, TrainingOptions.PATIENCE, t.patience());
        put(all, TrainingOptions.KEEP_WEIGHTS, t.restoreBest() ? TrainingOptions.Keep.BEST : TrainingOptions.Keep.LAST);
        put(all, TrainingOptions.SEED, (int) t.seed());
        put(all, TrainingOptions.DIVERGENCE_FACTOR, (double) t.divergenceFactor());
        put(all, TrainingOptions.WEIGHT_DECAY, (double) t.weightDecay());
        put(all, TrainingOptions.L1, (double) t.l1());
        put(all, TrainingOptions.MAX_NORM, (double) t.maxNorm());
        put(all, TrainingOptions.LABEL_SMOOTHING, (double) t.labelSmoothing());
        put(all, TrainingOptions.DROP_PATH, t.dropPath() == null ? null : (double) t.dropPath());
        put(all, TrainingOptions.AUGMENT, t.augment());
        put(all, TrainingOptions.EMA, (double) t.ema());
        put(all, TrainingOptions.SWA_EPOCHS, t.swaEpochs());
        put(all, TrainingOptions.SAMPLER, t.sampler());
        put(all, TrainingOptions.LOSS, t.loss());
        put(all, TrainingOptions.FOCAL_GAMMA, (double) t.focalGamma());
        put(all, TrainingOptions.RESIZE_EPOCHS, t.resizeEpochs());
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (Option<?> o : ALL) {
            if (all.containsKey(o.name()) && !NOT_SAVED.contains(o.name())) {
                ordered.put(o.name(), all.get(o.name()));
            }
        }
        return ordered;
    }

    /** Puts a value as YAML should show it: numbers and flags unquoted, written as the option reads them back. */
    private static <T> void put(Map<String, Object> map, Option<T> option, T value) {
        if (value == null) {
            return;
        }
        String text = option.format(value);
        map.put(option.name(), value instanceof Boolean ? value : value instanceof Number ? new java.math.BigDecimal(text) : text);
    }

    /** Reads the tasks from a tasks file, or from the config's inline tasks section. */
    private static MultiTaskSpec tasks(OptionValues v) {
        JsonNode inline = v.section(TASKS.name());
        if (inline != null) {
            return MultiTaskSpec.parse(inline, "the config's tasks section");
        }
        String file = v.get(TASKS.name());
        if (file == null) {
            return null;
        }
        try {
            return MultiTaskSpec.parse(OptionValues.readTree(Path.of(file)), file);
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Map<String, Float> classWeights(List<String> items) {
        Map<String, Float> classWeights = new LinkedHashMap<>();
        for (String item : items) {
            if (item.equals("auto")) {
                classWeights.put("auto", 0f);
                continue;
            }
            int eq = item.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("class-weight takes CLASS=WEIGHT or auto, got '" + item + "'.");
            }
            try {
                float w = Float.parseFloat(item.substring(eq + 1));
                if (!(w >= 0) || Float.isInfinite(w)) {
                    throw new NumberFormatException();
                }
                classWeights.put(item.substring(0, eq), w);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("class-weight " + item + ": the weight is not a number >= 0.", e);
            }
        }
        return classWeights;
    }

    /**
     * Reads the data options and makes the splits exactly as a run with these values would (the
     * same shares, the same automatic test share, the same seed), for commands that look at the
     * data without training, such as {@code graft audit}.
     *
     * @param v the option values
     * @return the four splits
     * @throws DatasetException if the data cannot be read
     */
    public static DatasetSplits readSplits(OptionValues v) throws DatasetException {
        return FinetuneRun.readSplits(path(DATA.read(v)), path(VAL.read(v)), path(TEST.read(v)), narrow(VAL_FRACTION.read(v)),
                testFraction(v), narrow(TRAIN_VAL_FRACTION.read(v)), TrainingOptions.SEED.read(v));
    }

    /** The test share, or {@link FinetuneConfig#AUTO_TEST_FRACTION} when none was given. */
    private static double testFraction(OptionValues v) {
        return TEST_FRACTION.read(v) == null ? FinetuneConfig.AUTO_TEST_FRACTION : narrow(TEST_FRACTION.read(v));
    }

    /** Fractions were read as {@code float} before options were declared; keep their values bit for bit. */
    private static double narrow(double v) {
        return (float) v;
    }

    private static Path path(String value) {
        return value == null ? null : Path.of(value);
    }

    private static String absolute(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize().toString();
    }
}
