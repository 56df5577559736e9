package dev.graft.datasets.augment;

import dev.graft.datasets.registry.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;

/**
 * An ordered list of operations, each applied with its probability, parsed from a compact spec:
 * comma-separated {@code name[=arg[:arg…]][@probability]}, e.g.
 * {@code hflip,vflip,rotate=20,rrc=0.6-1.0,jitter=0.2,noise=0.02,erase=0.2@0.5,mixup=0.2}.
 * Each image draws from its own generator, seeded by (seed, epoch, image index), so a batch is the
 * same whatever the number or order of worker threads.
 *
 * <p>The names, their arguments and default probabilities are those of {@link AugmentOperations}
 * ({@link AugmentOperations#usage} lists them); batch-level mixup and cutmix are among them.
 */
public final class AugmentPipeline {

    /** One operation with its probability. @param op the operation @param probability its chance */
    public record Step(AugmentOp op, double probability) {}

    private final String spec;
    private final Registry<AugmentOperation> operations;
    private final List<Step> steps;
    private final double mixupAlpha;
    private final double cutmixAlpha;

    private AugmentPipeline(String spec, Registry<AugmentOperation> operations, List<Step> steps, double mixupAlpha,
            double cutmixAlpha) {
        this.spec = spec;
        this.operations = operations;
        this.steps = List.copyOf(steps);
        this.mixupAlpha = mixupAlpha;
        this.cutmixAlpha = cutmixAlpha;
    }

    /**
     * Collects a pipeline's steps and batch-level mixing while a spec is parsed; each {@link
     * AugmentOperation} adds itself here.
     */
    public static final class Builder {

        private final List<Step> steps = new ArrayList<>();
        private double mixup;
        private double cutmix;

        private Builder() {}

        /**
         * Appends a per-image step.
         *
         * @param op the operation
         * @param probability the chance an image gets it
         * @return this builder
         */
        public Builder add(AugmentOp op, double probability) {
            steps.add(new Step(op, probability));
            return this;
        }

        /**
         * Turns mixup on.
         *
         * @param alpha its Beta parameter
         * @return this builder
         */
        public Builder mixup(double alpha) {
            this.mixup = alpha;
            return this;
        }

        /**
         * Turns cutmix on.
         *
         * @param alpha its Beta parameter
         * @return this builder
         */
        public Builder cutmix(double alpha) {
            this.cutmix = alpha;
            return this;
        }
    }

    /**
     * Parses a spec with the operations of {@link AugmentOperations#REGISTRY}.
     *
     * @param spec the spec
     * @return the pipeline
     * @throws IllegalArgumentException naming the item that cannot be read
     */
    public static AugmentPipeline parse(String spec) {
        return parse(spec, AugmentOperations.REGISTRY);
    }

    /**
     * Parses a spec with the operations of a given registry.
     *
     * @param spec the spec
     * @param operations the operations its names refer to
     * @return the pipeline
     * @throws IllegalArgumentException naming the item that cannot be read, and for an unknown
     *     name the nearest known ones
     */
    public static AugmentPipeline parse(String spec, Registry<AugmentOperation> operations) {
        Builder builder = new Builder();
        for (String raw : spec.split(",")) {
            String item = raw.trim();
            if (item.isEmpty()) {
                continue;
            }
            try {
                String body = item;
                OptionalDouble probability = OptionalDouble.empty();
                int at = item.indexOf('@');
                if (at >= 0) {
                    body = item.substring(0, at);
                    double p = Double.parseDouble(item.substring(at + 1));
                    if (!(p >= 0 && p <= 1)) {
                        throw new IllegalArgumentException("the probability after @ must be in [0, 1]");
                    }
                    probability = OptionalDouble.of(p);
                }
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                AugmentArguments args = eq < 0 ? new AugmentArguments(new double[0]) : AugmentArguments.parse(body.substring(eq + 1));
                operations.get(name).addTo(builder, args, probability);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--augment item '" + item + "': " + e.getMessage()
                        + ". Items look like hflip, rotate=20, rrc=0.6-1.0, jitter=0.2, erase=0.2@0.5.", e);
            }
        }
        return new AugmentPipeline(spec, operations, builder.steps, builder.mixup, builder.cutmix);
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
     * @throws IllegalArgumentException naming the task and the operation, or a name that is no
     *     registered operation with the nearest ones
     */
    public void requireInvariance(Map<String, Set<String>> sensitivities) {
        for (Map.Entry<String, Set<String>> task : sensitivities.entrySet()) {
            task.getValue().stream().filter(name -> !name.isEmpty()).forEach(name -> requireKnown(task.getKey(), name));
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

    /** Refuses a name given as an operation a task is not invariant to that is no registered operation. */
    private void requireKnown(String task, String name) {
        try {
            operations.get(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("task '" + task + "' lists an operation its labels are not invariant to: "
                    + e.getMessage(), e);
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
