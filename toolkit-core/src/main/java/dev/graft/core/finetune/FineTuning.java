package dev.graft.core.finetune;

import dev.graft.core.options.Option;
import dev.graft.core.options.OptionValues;
import dev.graft.core.run.FinetuneConfig;
import dev.graft.core.run.FinetuneOptions;
import dev.graft.core.run.FinetuneRun;
import dev.graft.core.run.RunCache;
import dev.graft.core.train.TrainingListener;
import dev.graft.core.train.TrainingOptions;
import dev.graft.datasets.DatasetException;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fine-tuning job built in Java: the same options, defaults and validation as {@code graft
 * finetune} (they are declared once, in {@link FinetuneOptions}), run by {@link #fit()}.
 *
 * <pre>{@code
 * try (FineTuned model = FineTuning.builder()
 *         .setData(Path.of("skin/"))
 *         .setArchitecture("mobilenet_v2")
 *         .optWeights("mobilenet_v2.safetensors")
 *         .optFreeze("all")
 *         .optEpochs(10)
 *         .build()
 *         .fit()) {
 *     Prediction p = model.predict(Path.of("lesion.jpg"));
 * }
 * }</pre>
 */
public final class FineTuning {

    private final FinetuneConfig config;
    private final List<TrainingListener> listeners;

    private FineTuning(FinetuneConfig config, List<TrainingListener> listeners) {
        this.config = config;
        this.listeners = List.copyOf(listeners);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the job's resolved configuration */
    public FinetuneConfig config() {
        return config;
    }

    /**
     * Trains, evaluates and writes the run directory, then opens the trained model.
     *
     * @return the trained classifier; close it
     * @throws DatasetException if the data cannot be read
     * @throws WeightImportException if the weights cannot be loaded
     * @throws IOException if the run directory cannot be written
     */
    public FineTuned fit() throws DatasetException, WeightImportException, IOException {
        FinetuneRun.Outcome outcome = FinetuneRun.execute(config, TrainingListener.all(listeners), RunCache.none());
        return FineTuned.open(outcome.out(), config.device());
    }

    /**
     * Builds a {@link FineTuning}: {@code set…} for what is required (data, architecture),
     * {@code opt…} for the rest; any declared option can also be set by name with {@link
     * #opt(String, Object)}. {@link #build()} validates everything, naming the option at fault.
     */
    public static final class Builder implements dev.graft.core.options.DataBuilder<Builder> {
        private OptionValues values = OptionValues.empty();
        private final List<TrainingListener> listeners = new ArrayList<>();

        Builder() {}

        /**
         * Starts from a config file ({@code graft finetune --config}'s form, e.g. a run's {@code
         * config.yaml}); later setters override it.
         *
         * @param file the JSON or YAML file
         * @return this
         */
        public Builder optConfig(Path file) {
            values = OptionValues.of(OptionValues.readTree(file), file.toString(), FinetuneOptions.ALL).overriddenBy(values);
            return this;
        }

        /**
         * Sets any declared option by its name (as {@code graft finetune --help} lists it).
         *
         * @param name the option's name, e.g. {@code "label-smoothing"}
         * @param value its value; a list for repeatable options, {@code null} to unset
         * @return this
         * @throws IllegalArgumentException naming the nearest options if the name is unknown
         */
        @Override
        public Builder opt(String name, Object value) {
            Option.named(FinetuneOptions.ALL, name);
            if (value instanceof List<?> list) {
                values = values.with(name, list.stream().map(String::valueOf).toList());
            } else if (value instanceof Map<?, ?> map) {
                values = values.with(name, map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
            } else {
                values = values.with(name, value == null ? null : String.valueOf(value));
            }
            return this;
        }

        /**
         * Starts from a named recipe ({@code quick} or {@code best}, as {@code graft finetune
         * --help} lists them): its options fill in whatever is not set otherwise, before or after
         * this call.
         *
         * @param recipe the recipe's name
         * @return this
         */
        public Builder optRecipe(String recipe) {
            return opt(FinetuneOptions.RECIPE.name(), recipe);
        }

        /** @param arch an architecture of the zoo, or {@code onnx} / {@code keras} / {@code onnx-runtime} (or {@code savedmodel} in a TensorFlow build) @return this */
        public Builder setArchitecture(String arch) {
            return opt(FinetuneOptions.ARCH.name(), arch);
        }

        /** @param weights a weights file or URL @return this */
        public Builder optWeights(String weights) {
            return opt(FinetuneOptions.WEIGHTS.name(), weights);
        }

        /** @param cut the cut point @return this */
        public Builder optCut(String cut) {
            return opt(FinetuneOptions.CUT.name(), cut);
        }

        /** @param freeze {@code all}, {@code none} or a cut point @return this */
        public Builder optFreeze(String freeze) {
            return opt(FinetuneOptions.FREEZE.name(), freeze);
        }

        /**
         * @param kind {@code linear} or {@code mlp}
         * @param hidden hidden units of an mlp head
         * @return this
         */
        public Builder optHead(String kind, int hidden) {
            return opt(FinetuneOptions.HEAD.name(), kind).opt(FinetuneOptions.HIDDEN.name(), hidden);
        }

        /**
         * @param columns manifest columns the head reads beside the image, e.g. {@code "age:num,site:cat"}
         * @return this
         */
        public Builder optMetadata(String columns) {
            return opt(FinetuneOptions.METADATA.name(), columns);
        }

        /** @param tasks a tasks file for a multi-task run @return this */
        public Builder optTasks(Path tasks) {
            return opt(FinetuneOptions.TASKS.name(), tasks);
        }

        /** @param spec an augmentation spec, e.g. {@code hflip,rotate=20} @return this */
        public Builder optAugment(String spec) {
            return opt(TrainingOptions.AUGMENT.name(), spec);
        }

        /** @param epochs maximum epochs @return this */
        public Builder optEpochs(int epochs) {
            return opt(TrainingOptions.EPOCHS.name(), epochs);
        }

        /** @param batchSize images per step @return this */
        public Builder optBatchSize(int batchSize) {
            return opt(TrainingOptions.BATCH_SIZE.name(), batchSize);
        }

        /** @param rate the head's learning rate @return this */
        public Builder optLearningRate(double rate) {
            return opt(TrainingOptions.LEARNING_RATE.name(), rate);
        }

        /**
         * Has the learning-rate range test choose the head's rate before training ({@code --lr
         * auto}); the run records the rate it chose in its {@code config.yaml}.
         *
         * @return this
         */
        public Builder optLearningRateAuto() {
            return opt(TrainingOptions.LEARNING_RATE.name(), TrainingOptions.AUTO);
        }

        /**
         * @param decay layer-wise learning-rate decay in (0, 1]: the trunk's k-th layer from the top
         *     trains at lr × trunk-lr-factor × decay^k (1, the default, for none)
         * @return this
         */
        public Builder optLayerDecay(double decay) {
            return opt(TrainingOptions.LAYER_DECAY.name(), decay);
        }

        /**
         * @param decay the decay of an exponential moving average of the weights, e.g. 0.999, which
         *     validation, selection and the final model use (0, the default, for none)
         * @return this
         */
        public Builder optEma(double decay) {
            return opt(TrainingOptions.EMA.name(), decay);
        }

        /**
         * @param epochs how many last epochs stochastic weight averaging averages into the final
         *     model (0, the default, for none); turns off early stopping and best-epoch restore
         * @return this
         */
        public Builder optSwaEpochs(int epochs) {
            return opt(TrainingOptions.SWA_EPOCHS.name(), epochs);
        }

        /**
         * @param rate the stochastic-depth rate of the deepest drop-path block, in [0, 1) (default:
         *     the architecture's); refused by architectures without drop path
         * @return this
         */
        public Builder optDropPath(double rate) {
            return opt(TrainingOptions.DROP_PATH.name(), rate);
        }

        /** @param side the input side in pixels @return this */
        public Builder optImageSize(int side) {
            return opt(FinetuneOptions.IMAGE_SIZE.name(), side);
        }

        /**
         * @param sides input sides in pixels, trained at in turn (progressive resizing, each but the
         *     last for {@link #optResizeEpochs} epochs); the last is the model's
         * @return this
         */
        public Builder optImageSizes(int... sides) {
            return opt(FinetuneOptions.IMAGE_SIZE.name(), String.join(",", java.util.Arrays.stream(sides).mapToObj(String::valueOf).toList()));
        }

        /** @param epochs epochs trained at each image size before the last (progressive resizing) @return this */
        public Builder optResizeEpochs(int epochs) {
            return opt(TrainingOptions.RESIZE_EPOCHS.name(), epochs);
        }

        /** @param sampler {@code random} (each image once per epoch) or {@code balanced} (every class equally likely) @return this */
        public Builder optSampler(String sampler) {
            return opt(TrainingOptions.SAMPLER.name(), sampler);
        }

        /** @param loss {@code cross_entropy} or {@code focal} @return this */
        public Builder optLoss(String loss) {
            return opt(TrainingOptions.LOSS.name(), loss);
        }

        /** @param gamma the focal loss's focusing parameter γ ≥ 0 (default 2) @return this */
        public Builder optFocalGamma(double gamma) {
            return opt(TrainingOptions.FOCAL_GAMMA.name(), gamma);
        }

        /** @param seed the random seed @return this */
        public Builder optSeed(int seed) {
            return opt(TrainingOptions.SEED.name(), seed);
        }

        /** @param device {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N} @return this */
        public Builder optDevice(String device) {
            return opt(FinetuneOptions.DEVICE.name(), device);
        }

        /** @param out the run directory (default: a new temporary directory) @return this */
        public Builder optOut(Path out) {
            return opt(FinetuneOptions.OUT.name(), out);
        }

        /**
         * @param overwrite whether a run already in the run directory may be replaced (without it,
         *     such a directory is refused)
         * @return this
         */
        public Builder optOverwrite(boolean overwrite) {
            return opt(FinetuneOptions.OVERWRITE.name(), overwrite);
        }

        /** @param listener hears progress (epochs, steps, events) @return this */
        public Builder optListener(TrainingListener listener) {
            listeners.add(listener);
            return this;
        }

        /**
         * Validates the options.
         *
         * @return the job
         * @throws IllegalArgumentException naming the option at fault
         * @throws java.io.UncheckedIOException if no run directory was given and none can be made
         */
        public FineTuning build() {
            OptionValues resolved = values;
            if (resolved.get(FinetuneOptions.OUT.name()) == null) {
                try {
                    resolved = resolved.with(FinetuneOptions.OUT.name(), Files.createTempDirectory("graft-run").toString());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot create a temporary run directory: " + e.getMessage(), e);
                }
            }
            return new FineTuning(FinetuneOptions.config(resolved), listeners);
        }
    }
}
