package dev.graft.cli.command;

import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.core.bench.AugmentThroughput;
import dev.graft.core.bench.Benchmark;
import dev.graft.core.bench.BenchmarkResult;
import dev.graft.core.bench.EngineComparison;
import dev.graft.core.embed.Embedder;
import dev.graft.datasets.augment.AugmentPipeline;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.arch.ArchitectureRegistry;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code graft bench}: training and inference images/s and peak memory, in the same format as
 * {@code ../shared/bench/pytorch_peer.py}, so ratios can be taken from one run of each.
 */
public final class BenchCommand extends OptionsCommand {

    /** Creates the command. */
    public BenchCommand() {
        super("graft bench");
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure training and inference speed and memory";
    }

    @Override
    protected void declare(Options options) {
        arg(options, "arch", "A", "architecture (default resnet18)");
        arg(options, "image-size", "N", "input side (default 224)");
        arg(options, "batch-size", "B", "batch size (default 32)");
        arg(options, "freeze", "P|all|none", "frozen part (default none)");
        arg(options, "rounds", "N", "timed rounds (default 5)");
        arg(options, "steps", "N", "steps per round (default 5)");
        flag(options, "onnx", "instead of training: inference on PyTorch vs ONNX Runtime for the same exported model,"
                + " and the Embedder on both engines");
        arg(options, "embed-count", "N", "with --onnx: images each Embedder embeds, memory sampled every tenth (default 320)");
        arg(options, "cut", "P", "with --onnx: the Embedder's cut point (default pool)");
        arg(options, "augment", "SPEC", "also measure this augmentation pipeline's images/s on all cores beside training's consumption");
        flag(options, "audit", "instead of training: time graft audit's neighbour search on random 1,280-d vectors and a whole audit"
                + " of synthetic lesion images (arch default mobilenet_v2, image-size default 128), resident memory sampled");
        arg(options, "audit-vectors", "N", "with --audit: vectors searched (default 100000; also 10% and 30% of it)");
        arg(options, "audit-images", "N", "with --audit: synthetic images audited (default 10000)");
        arg(options, "weights", "FILE", "with --audit: the backbone's weights (default random: timing only)");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        CommandLine v = line;
        var architecture = ArchitectureRegistry.REGISTRY.get(v.getOptionValue("arch", "resnet18"));
        int size = integer(v, "image-size", 224);
        int batch = integer(v, "batch-size", 32);
        String freeze = v.getOptionValue("freeze", "none");
        if (v.hasOption("onnx")) {
            return compareEngines(v, architecture, size, batch, out);
        }
        if (v.hasOption("audit")) {
            return AuditBench.run(v.getOptionValue("arch", "mobilenet_v2"), v.getOptionValue("weights"), integer(v, "image-size", 128),
                    integer(v, "audit-vectors", 100_000), integer(v, "audit-images", 10_000), out);
        }
        BenchmarkResult r = new Benchmark(integer(v, "rounds", 5), integer(v, "steps", 5)).run(architecture, size, batch, freeze);
        String common = String.format(Locale.ROOT, "arch=%s image_size=%d batch=%d freeze=%s", r.arch(), r.imageSize(), r.batchSize(), r.freeze());
        out.printf(Locale.ROOT, "graft mode=train %s img_per_s=%s%n", common, rate(r.trainImagesPerSecond()));
        out.printf(Locale.ROOT, "graft mode=infer %s img_per_s=%s%n", common, rate(r.inferImagesPerSecond()));
        if (r.cachedTrainImagesPerSecond() > 0) {
            out.printf(Locale.ROOT, "graft mode=train-cached %s img_per_s=%.1f speedup_vs_recomputed=%.1fx%n", common,
                    r.cachedTrainImagesPerSecond(), r.cachedTrainImagesPerSecond() / r.trainImagesPerSecond());
        }
        String augment = v.getOptionValue("augment");
        if (augment != null) {
            int threads = Runtime.getRuntime().availableProcessors();
            try {
                double rate = AugmentThroughput.imagesPerSecond(AugmentPipeline.parse(augment), size, 400, threads);
                out.printf(Locale.ROOT, "graft mode=augment %s threads=%d spec=%s img_per_s=%.1f ratio_vs_train=%.1fx%n", common, threads,
                        augment, rate, rate / r.trainImagesPerSecond());
            } catch (Exception e) {
                throw new CommandFailure("the augmentation benchmark failed: " + e.getMessage(), e);
            }
        }
        out.printf(Locale.ROOT, "graft peak_rss_mb=%.0f%n", r.peakRssMegabytes());
        return OK;
    }

    private static int compareEngines(CommandLine v, Architecture architecture, int size, int batch, PrintStream out)
            throws CommandFailure {
        String common = String.format(Locale.ROOT, "arch=%s image_size=%d batch=%d", architecture.spec().name(), size, batch);
        try {
            EngineComparison comparison = new EngineComparison(integer(v, "rounds", 5), integer(v, "steps", 5));
            EngineComparison.Inference inference = comparison.inference(architecture, size, batch);
            out.printf(Locale.ROOT, "graft mode=infer engine=pytorch %s img_per_s=%.1f%n", common, inference.pytorchImagesPerSecond());
            out.printf(Locale.ROOT, "graft mode=infer engine=onnxruntime %s img_per_s=%.1f ratio_vs_pytorch=%.2f%n", common,
                    inference.onnxRuntimeImagesPerSecond(), inference.onnxRuntimeImagesPerSecond() / inference.pytorchImagesPerSecond());
            double torchRate = 0;
            for (Embedder.Engine engine : Embedder.Engine.values()) {
                try (Embedder embedder = Embedder.builder().optArchitecture(architecture.spec().name()).optCut(v.getOptionValue("cut", "pool"))
                        .optImageSize(size).optBatchSize(batch).optEngine(engine).build()) {
                    EngineComparison.Embedding e = EngineComparison.embedding(embedder, engine, integer(v, "embed-count", 320), batch,
                            Math.round(size * 1.15f));
                    torchRate = engine == Embedder.Engine.PYTORCH ? e.imagesPerSecond() : torchRate;
                    out.printf(Locale.ROOT, "graft mode=embed engine=%s %s images=%d img_per_s=%.1f%s rss_mb_each_tenth=%s%n",
                            engine.name().toLowerCase(Locale.ROOT).replace("_", ""), common, e.images(), e.imagesPerSecond(),
                            engine == Embedder.Engine.PYTORCH ? "" : String.format(Locale.ROOT, " ratio_vs_pytorch=%.2f", e.imagesPerSecond() / torchRate),
                            java.util.Arrays.toString(java.util.Arrays.stream(e.residentMegabytes()).mapToLong(Math::round).toArray()));
                }
            }
            return OK;
        } catch (ai.onnxruntime.OrtException | java.io.IOException | dev.graft.zoo.weights.WeightImportException e) {
            throw new CommandFailure("the engine comparison failed: " + e.getMessage(), e);
        }
    }

    private static int integer(CommandLine line, String name, int fallback) {
        return ConfigValues.integerOf(name, line.getOptionValue(name, String.valueOf(fallback)));
    }

    /** A rate with at least three significant digits, so that slow networks (ViT-B/16 on one core: 0.2 images/s) still give usable ratios. */
    private static String rate(double imagesPerSecond) {
        String format = imagesPerSecond >= 10 ? "%.1f" : imagesPerSecond >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, imagesPerSecond);
    }
}
