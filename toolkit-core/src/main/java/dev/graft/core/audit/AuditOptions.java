package dev.graft.core.audit;

import dev.graft.core.options.Option;
import dev.graft.core.options.OptionGroup;
import dev.graft.core.run.FinetuneOptions;
import dev.graft.core.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Every option of {@code graft audit}, declared once for the command line and the Java {@link
 * Audit} builder. The data options and the seed are fine-tuning's own declarations, so an audit
 * with the same values audits exactly the splits a run would use.
 */
public final class AuditOptions {

    /** Where the embeddings are computed. */
    public static final Option<String> ENGINE = Option.text("engine", OptionGroup.MODEL, "E", "onnxruntime",
            "pytorch or onnxruntime, the engine computing embeddings")
            .check(v -> v.equals("pytorch") || v.equals("onnxruntime"), "must be pytorch or onnxruntime");
    /** Cross-validation folds. */
    public static final Option<Integer> FOLDS = Option.integer("folds", OptionGroup.TRAINING, "K", 5,
            "cross-validation folds of the linear probe (label issues, split shift)").check(v -> v >= 2 && v <= 20, "must be in [2, 20]");
    /** Neighbours per image. */
    public static final Option<Integer> NEIGHBOURS = Option.integer("neighbours", OptionGroup.TRAINING, "K", 10,
            "nearest neighbours per image (near-duplicates, outliers)").check(v -> v >= 1 && v <= 100, "must be in [1, 100]");
    /** Near-duplicate threshold. */
    public static final Option<Double> NEAR_THRESHOLD = Option.real("near-threshold", OptionGroup.TRAINING, "S", 0,
            "cosine similarity from which two images are near-duplicates").check(v -> v >= 0 && v <= 1, "must be in [0, 1]")
            .describeDefault("calibrated on the data");
    /** Audit directory. */
    public static final Option<String> OUT = Option.text("out", OptionGroup.OUTPUT, "DIR", null,
            "audit directory: audit.json, a CSV per finding, audit.html");
    /** Clean manifest. */
    public static final Option<String> WRITE_CLEAN = Option.text("write-clean", OptionGroup.OUTPUT, "FILE", null,
            "write a CSV manifest (path,label,group,split) without the dropped findings; images are never moved or deleted");
    /** Findings the clean manifest drops. */
    public static final Option<String> DROP = Option.text("drop", OptionGroup.OUTPUT, "KINDS", "exact,near,labels",
            "findings --write-clean leaves out: exact, near (the later copy of each pair), conflicts, labels, outliers")
            .check(v -> List.of(v.split(",")).stream().allMatch(k -> List.of("exact", "near", "conflicts", "labels", "outliers")
                    .contains(k.trim())), "must list exact, near, conflicts, labels or outliers");

    /** Every option, in help order. */
    public static final List<Option<?>> ALL = all();

    private AuditOptions() {}

    private static List<Option<?>> all() {
        List<Option<?>> all = new ArrayList<>(List.of(FinetuneOptions.DATA, FinetuneOptions.VAL, FinetuneOptions.TEST,
                FinetuneOptions.VAL_FRACTION, FinetuneOptions.TEST_FRACTION, FinetuneOptions.TRAIN_VAL_FRACTION, FinetuneOptions.IMAGE_SIZE,
                FinetuneOptions.ARCH, FinetuneOptions.WEIGHTS, FinetuneOptions.CUT, ENGINE, TrainingOptions.BATCH_SIZE, TrainingOptions.SEED,
                FOLDS, NEIGHBOURS, NEAR_THRESHOLD, OUT, WRITE_CLEAN, DROP));
        List<Option<?>> grouped = new ArrayList<>();
        for (OptionGroup g : OptionGroup.values()) {
            all.stream().filter(o -> o.group() == g).forEach(grouped::add);
        }
        return List.copyOf(grouped);
    }
}
