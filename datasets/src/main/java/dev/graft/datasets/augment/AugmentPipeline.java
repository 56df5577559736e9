package dev.graft.datasets.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * An ordered list of operations, each applied with its probability, parsed from a compact spec:
 * comma-separated {@code name[=arg[:arg…]][@probability]}, e.g.
 * {@code hflip,vflip,rotate=20,rrc=0.6-1.0,jitter=0.2,noise=0.02,erase=0.2@0.5,mixup=0.2}.
 * Each image draws from its own generator, seeded by (seed, epoch, image index), so a batch is the
 * same whatever the number or order of worker threads.
 *
 * <p>Operations: {@code hflip}, {@code vflip} (p 0.5), {@code rotate=DEG}, {@code
 * affine=SCALE:SHEAR_DEG:TRANSLATE}, {@code elastic=ALPHA:SIGMA}, {@code rrc=MIN-MAX}, {@code pad=PX},
 * {@code jitter=B[:C:S:H]}, {@code noise=STD}, {@code blur=SIGMA}, {@code grayscale} (p 0.1),
 * {@code erase=AREA} (p 0.5), {@code randaugment=N:M}; batch level: {@code mixup=ALPHA}, {@code
 * cutmix=ALPHA}.
 */
public final class AugmentPipeline {

    /** One operation with its probability. @param op the operation @param probability its chance */
    public record Step(AugmentOp op, double probability) {}

    private final String spec;
    private final List<Step> steps;
    private final double mixupAlpha;
    private final double cutmixAlpha;

    private AugmentPipeline(String spec, List<Step> steps, double mixupAlpha, double cutmixAlpha) {
        this.spec = spec;
        this.steps = List.copyOf(steps);
        this.mixupAlpha = mixupAlpha;
        this.cutmixAlpha = cutmixAlpha;
    }

    /**
     * Parses a spec.
     *
     * @param spec the spec
     * @return the pipeline
     * @throws IllegalArgumentException naming the item that cannot be read
     */
    public static AugmentPipeline parse(String spec) {
        List<Step> steps = new ArrayList<>();
        double mixup = 0;
        double cutmix = 0;
        for (String raw : spec.split(",")) {
            String item = raw.trim();
            if (item.isEmpty()) {
                continue;
            }
            try {
                String body = item;
                Double probability = null;
                int at = item.indexOf('@');
                if (at >= 0) {
                    body = item.substring(0, at);
                    probability = Double.parseDouble(item.substring(at + 1));
                    if (!(probability >= 0 && probability <= 1)) {
                        throw new IllegalArgumentException("the probability after @ must be in [0, 1]");
                    }
                }
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                double[] args = eq < 0 ? new double[0] : parseArgs(body.substring(eq + 1));
                switch (name) {
                    case "mixup" -> mixup = arg(args, 0, 0.2);
                    case "cutmix" -> cutmix = arg(args, 0, 1.0);
                    default -> {
                        AugmentOp op = op(name, args);
                        steps.add(new Step(op, probability != null ? probability : defaultProbability(name)));
                    }
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--augment item '" + item + "': " + e.getMessage()
                        + ". Items look like hflip, rotate=20, rrc=0.6-1.0, jitter=0.2, erase=0.2@0.5.", e);
            }
        }
        return new AugmentPipeline(spec, steps, mixup, cutmix);
    }

    private static double[] parseArgs(String text) {
        String[] parts = text.split("[:\\-]");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Double.parseDouble(parts[i]);
        }
        return out;
    }

    private static double arg(double[] args, int i, double fallback) {
        return i < args.length ? args[i] : fallback;
    }

    private static AugmentOp op(String name, double[] a) {
        return switch (name) {
            case "hflip" -> new Geometric.HorizontalFlip();
            case "vflip" -> new Geometric.VerticalFlip();
            case "rotate" -> new Geometric.Rotate(arg(a, 0, 15));
            case "affine" -> new Geometric.Affine(arg(a, 0, 0.1), arg(a, 1, 10), arg(a, 2, 0.1));
            case "elastic" -> new Geometric.Elastic(arg(a, 0, 8), arg(a, 1, 4));
            case "rrc" -> new Geometric.ResizedCrop(arg(a, 0, 0.08), arg(a, 1, 1.0));
            case "pad" -> new Geometric.PadCrop((int) arg(a, 0, 8));
            case "jitter" -> new Photometric.Jitter(arg(a, 0, 0.2), arg(a, 1, arg(a, 0, 0.2)), arg(a, 2, arg(a, 0, 0.2)), arg(a, 3, 0));
            case "noise" -> new Photometric.Noise(arg(a, 0, 0.02));
            case "blur" -> new Photometric.Blur(arg(a, 0, 1.0));
            case "grayscale" -> new Photometric.Grayscale();
            case "erase" -> new Photometric.Erasing(arg(a, 0, 0.33));
            case "randaugment" -> new RandAugment((int) arg(a, 0, 2), (int) arg(a, 1, 9));
            default -> throw new IllegalArgumentException("unknown operation '" + name + "'");
        };
    }

    private static double defaultProbability(String name) {
        return switch (name) {
            case "hflip", "vflip", "erase" -> 0.5;
            case "grayscale" -> 0.1;
            default -> 1.0;
        };
    }

    /** @return the spec it was parsed from */
    public String spec() {
        return spec;
    }

    /** @return the per-image steps */
    public List<Step> steps() {
        return steps;
    }

    /** @return mixup's Beta parameter, 0 when off */
    public double mixupAlpha() {
        return mixupAlpha;
    }

    /** @return cutmix's Beta parameter, 0 when off */
    public double cutmixAlpha() {
        return cutmixAlpha;
    }

    /**
     * Refuses operations a task's labels are not invariant to: a laterality label cannot take
     * flips, an orientation label cannot take rotations.
     *
     * @param sensitivities per task, the operation names its labels change under
     * @throws IllegalArgumentException naming the task and the operation
     */
    public void requireInvariance(Map<String, Set<String>> sensitivities) {
        for (Map.Entry<String, Set<String>> task : sensitivities.entrySet()) {
            for (Step step : steps) {
                List<String> names = new ArrayList<>(List.of(step.op().name()));
                if (step.op() instanceof RandAugment r) {
                    r.choices().forEach(o -> names.add(o.name()));
                }
                for (String name : names) {
                    if (task.getValue().contains(name)) {
                        throw new IllegalArgumentException("task '" + task.getKey() + "' is not invariant to " + name
                                + " (its labels would change), but --augment '" + spec + "' applies it; remove "
                                + step.op().name() + " from the spec.");
                    }
                }
            }
        }
    }

    /**
     * Augments one image.
     *
     * @param chw the image, values in [0, 1]; not modified
     * @param side its side
     * @param seed the run seed
     * @param epoch the epoch
     * @param index the image's index in its split
     * @return the augmented image
     */
    public float[] apply(float[] chw, int side, long seed, int epoch, int index) {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + epoch * 1_000_003L + index);
        float[] out = chw;
        for (Step step : steps) {
            if (random.nextDouble() < step.probability()) {
                out = step.op().apply(out, side, random);
            }
        }
        return out == chw ? chw.clone() : out;
    }
}
