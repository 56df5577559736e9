package dev.graft.core.audit;

import dev.graft.core.embed.Embedder;
import dev.graft.core.options.Option;
import dev.graft.core.options.OptionValues;
import dev.graft.core.run.FinetuneOptions;
import dev.graft.core.train.TrainingOptions;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.LabeledImage;
import dev.graft.datasets.split.DatasetSplits;
import dev.graft.zoo.weights.WeightImportException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An audit of the data a fine-tuning run would use, built in Java with the same options as {@code
 * graft audit} ({@link AuditOptions}): exact and near-duplicates, pairs and groups crossing
 * splits, label issues by confident learning, outliers and split shift, written to an audit
 * directory by {@link #run()}.
 *
 * <pre>{@code
 * AuditResult result = Audit.builder()
 *         .setData(Path.of("skin.csv"))
 *         .optArchitecture("mobilenet_v2").optWeights("mobilenet_v2.safetensors")
 *         .optOut(Path.of("audit/"))
 *         .build()
 *         .run();
 * }</pre>
 */
public final class Audit {

    private final OptionValues values;
    private final Consumer<String> events;

    private Audit(OptionValues values, Consumer<String> events) {
        this.values = values;
        this.events = events;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the splits, embeds every image once, runs every check and writes audit.json, the CSVs
     * and audit.html (and the clean manifest when asked).
     *
     * @return the findings
     * @throws DatasetException if the data cannot be read
     * @throws WeightImportException if the weights cannot be loaded
     * @throws IOException if the audit directory cannot be written
     */
    public AuditResult run() throws DatasetException, WeightImportException, IOException {
        long start = System.nanoTime();
        Path out = Path.of(AuditOptions.OUT.read(values));
        Files.createDirectories(out);
        int seed = TrainingOptions.SEED.read(values);
        DatasetSplits splits = FinetuneOptions.readSplits(values);
        List<String> classNames = splits.train().classNames();
        List<AuditImage> images = new ArrayList<>();
        List<LabeledImage> order = new ArrayList<>();
        List<String> splitOf = new ArrayList<>();
        for (Map.Entry<String, ImageDataset> split : splits.byName().entrySet()) {
            for (LabeledImage image : split.getValue().images()) {
                order.add(image);
                splitOf.add(split.getKey());
            }
        }
        events.accept(String.format(java.util.Locale.ROOT, "auditing %d images (train %d, train_val %d, val %d, test %d)", order.size(),
                splits.train().size(), splits.trainVal().size(), splits.val().size(), splits.test().size()));
        String arch = FinetuneOptions.ARCH.read(values);
        float[][] embeddings = arch == null ? null : new float[order.size()][];
        Embedder embedder = arch == null ? null : Embedder.builder().optArchitecture(arch).optWeights(FinetuneOptions.WEIGHTS.read(values))
                .optCut(FinetuneOptions.CUT.read(values)).optEngine(Embedder.Engine.parse(AuditOptions.ENGINE.read(values)))
                .optImageSize(values.get(FinetuneOptions.IMAGE_SIZE.name()) != null ? FinetuneOptions.IMAGE_SIZE.read(values).get(FinetuneOptions.IMAGE_SIZE.read(values).size() - 1) : 0)
                .optBatchSize(TrainingOptions.BATCH_SIZE.read(values)).build();
        List<Outlier> unreadable = new ArrayList<>();
        try {
            int batch = TrainingOptions.BATCH_SIZE.read(values);
            for (int from = 0; from < order.size(); from += batch) {
                List<BufferedImage> decoded = new ArrayList<>();
                List<Integer> rows = new ArrayList<>();
                for (int i = from; i < Math.min(order.size(), from + batch); i++) {
                    LabeledImage image = order.get(i);
                    ImageFacts facts = null;
                    try {
                        BufferedImage pixels = image.source().load();
                        facts = ImageFacts.of(pixels);
                        decoded.add(pixels);
                        rows.add(i);
                    } catch (IOException | RuntimeException e) {
                        unreadable.add(new Outlier(i, "unreadable", 0));
                    }
                    images.add(new AuditImage(i, splitOf.get(i), image, classNames.get(image.label()), facts));
                }
                if (embedder != null && !decoded.isEmpty()) {
                    float[][] vectors = embedder.embed(decoded);
                    for (int r = 0; r < rows.size(); r++) {
                        embeddings[rows.get(r)] = vectors[r];
                    }
                }
                if ((from / batch) % 10 == 9) {
                    events.accept("examined " + Math.min(order.size(), from + batch) + " of " + order.size() + " images");
                }
            }
        } finally {
            if (embedder != null) {
                embedder.close();
            }
        }
        double embeddingSeconds = (System.nanoTime() - start) / 1e9;
        List<DuplicatePair> exact = Duplicates.exact(images);
        List<GroupLeak> groupLeaks = LeakageCheck.groupLeaks(splits);
        List<DuplicatePair> near = List.of();
        NearRule rule = null;
        ConfidentLearning labels = null;
        SplitShift shift = null;
        Neighbours neighbours = null;
        if (embeddings != null) {
            int dimension = java.util.Arrays.stream(embeddings).filter(java.util.Objects::nonNull).findFirst().map(v -> v.length).orElse(1);
            for (int i = 0; i < embeddings.length; i++) {
                if (embeddings[i] == null) {
                    embeddings[i] = new float[dimension];
                }
            }
            Files.createDirectories(out);
            dev.graft.datasets.io.Npy.write(out.resolve("embeddings.npy"), embeddings);
            float[][] unit = Neighbours.normalise(embeddings);
            neighbours = Neighbours.exact(unit, AuditOptions.NEIGHBOURS.read(values));
            double given = AuditOptions.NEAR_THRESHOLD.read(values);
            rule = given > 0 ? new NearRule(given, given, 0, false) : Duplicates.calibrate(images, neighbours);
            near = Duplicates.near(images, neighbours, rule);
            events.accept(String.format(java.util.Locale.ROOT, "near-duplicates: cosine >= %.4f, or >= %.4f with dHash distance <= %d (%s)",
                    rule.strict(), rule.loose(), rule.hashDistance(), rule.calibrated() ? "calibrated" : "given"));
            labels = labelIssues(images, unit, classNames.size(), AuditOptions.FOLDS.read(values), seed);
            shift = splitShift(images, unit, AuditOptions.FOLDS.read(values), seed);
        }
        List<Outlier> outliers = new ArrayList<>(unreadable);
        outliers.addAll(Outliers.find(images, neighbours));
        AuditResult result = new AuditResult(out, classNames, images, embeddings != null, rule, exact, near, groupLeaks,
                labels, outliers, shift, (System.nanoTime() - start) / 1e9, embeddingSeconds);
        AuditWriter.write(result);
        String clean = AuditOptions.WRITE_CLEAN.read(values);
        if (clean != null) {
            CleanManifest.write(result, List.of(AuditOptions.DROP.read(values).split(",")), Path.of(clean));
        }
        return result;
    }

    /** Confident learning over every decoded image with a label the probe can learn. */
    private static ConfidentLearning labelIssues(List<AuditImage> images, float[][] unit, int classes, int folds, int seed) {
        List<AuditImage> usable = images.stream().filter(image -> image.facts() != null).toList();
        float[][] x = new float[usable.size()][];
        int[] y = new int[usable.size()];
        int[] counts = new int[classes];
        for (int i = 0; i < x.length; i++) {
            x[i] = unit[usable.get(i).index()];
            y[i] = usable.get(i).image().label();
            counts[y[i]]++;
        }
        int smallest = java.util.Arrays.stream(counts).filter(c -> c > 0).min().orElse(0);
        if (x.length < 4 || smallest < 2) {
            return null;
        }
        double[][] p = LinearProbe.outOfFold(x, y, classes, Math.min(folds, smallest), seed);
        ConfidentLearning found = ConfidentLearning.find(p, y, classes);
        int[] ranking = java.util.Arrays.stream(found.ranking()).map(r -> usable.get(r).index()).toArray();
        List<ConfidentLearning.Suspect> suspects = found.suspects().stream().map(s -> new ConfidentLearning.Suspect(
                usable.get(s.index()).index(), s.given(), s.likely(), s.selfConfidence(), s.likelyProbability())).toList();
        return new ConfidentLearning(found.thresholds(), found.confidentJoint(), found.noise(), ranking, suspects);
    }

    /** Train against test (else val): the cross-validated AUC of a probe telling them apart. */
    private static SplitShift splitShift(List<AuditImage> images, float[][] unit, int folds, int seed) {
        String against = images.stream().anyMatch(i -> i.split().equals("test")) ? "test" : "val";
        List<AuditImage> rows = images.stream().filter(i -> i.facts() != null)
                .filter(i -> i.split().equals("train") || i.split().equals(against)).toList();
        float[][] x = new float[rows.size()][];
        int[] y = new int[rows.size()];
        int others = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = unit[rows.get(i).index()];
            y[i] = rows.get(i).split().equals("train") ? 0 : 1;
            others += y[i];
        }
        if (others < 2 || others > x.length - 2) {
            return null;
        }
        double[][] p = LinearProbe.outOfFold(x, y, 2, Math.min(folds, others), seed);
        double[] score = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            score[i] = p[i][1];
        }
        List<Integer> train = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (y[i] == 0) {
                train.add(i);
            }
        }
        train.sort((a, b) -> Double.compare(score[b], score[a]));
        List<Integer> top = train.subList(0, Math.min(20, train.size()));
        return new SplitShift(against, Auc.of(score, y), top.stream().map(i -> rows.get(i).index()).toList(),
                top.stream().map(i -> score[i]).toList());
    }

    /**
     * Builds an {@link Audit}: {@code set…} for the data, {@code opt…} for the rest; any option of
     * {@link AuditOptions} can also be set by name with {@link #opt(String, Object)}.
     */
    public static final class Builder implements dev.graft.core.options.DataBuilder<Builder> {
        private OptionValues values = OptionValues.empty();
        private Consumer<String> events = message -> { };

        Builder() {}

        /**
         * Sets any declared option by its name (as {@code graft audit --help} lists it).
         *
         * @param name the option's name
         * @param value its value, {@code null} to unset
         * @return this
         */
        @Override
        public Builder opt(String name, Object value) {
            Option.named(AuditOptions.ALL, name);
            values = values.with(name, value == null ? null : String.valueOf(value));
            return this;
        }

        /** @param arch the backbone computing embeddings (without one, only pixel checks run) @return this */
        public Builder optArchitecture(String arch) {
            return opt(FinetuneOptions.ARCH.name(), arch);
        }

        /** @param weights the backbone's weights @return this */
        public Builder optWeights(String weights) {
            return opt(FinetuneOptions.WEIGHTS.name(), weights);
        }

        /** @param cut the cut point @return this */
        public Builder optCut(String cut) {
            return opt(FinetuneOptions.CUT.name(), cut);
        }

        /** @param side the input side of the backbone @return this */
        public Builder optImageSize(int side) {
            return opt(FinetuneOptions.IMAGE_SIZE.name(), side);
        }

        /** @param engine {@code onnxruntime} (default) or {@code pytorch} @return this */
        public Builder optEngine(String engine) {
            return opt(AuditOptions.ENGINE.name(), engine);
        }

        /** @param seed the seed of the splits and folds (a run's seed gives its splits) @return this */
        public Builder optSeed(int seed) {
            return opt(TrainingOptions.SEED.name(), seed);
        }

        /** @param out the audit directory @return this */
        public Builder optOut(Path out) {
            return opt(AuditOptions.OUT.name(), out);
        }

        /** @param file where to write a manifest without the dropped findings @return this */
        public Builder optWriteClean(Path file) {
            return opt(AuditOptions.WRITE_CLEAN.name(), file);
        }

        /** @param listener hears one-line progress messages @return this */
        public Builder optListener(Consumer<String> listener) {
            events = listener;
            return this;
        }

        /**
         * Validates the options.
         *
         * @return the audit
         * @throws IllegalArgumentException naming the option at fault
         */
        public Audit build() {
            for (Option<?> option : AuditOptions.ALL) {
                option.read(values);
            }
            if (FinetuneOptions.DATA.read(values) == null) {
                throw new IllegalArgumentException("missing data: give the training data (folder, .csv or .npz).");
            }
            OptionValues resolved = values;
            if (AuditOptions.OUT.read(values) == null) {
                try {
                    resolved = resolved.with(AuditOptions.OUT.name(), Files.createTempDirectory("graft-audit").toString());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot create a temporary audit directory: " + e.getMessage(), e);
                }
            }
            return new Audit(resolved, events);
        }
    }
}
