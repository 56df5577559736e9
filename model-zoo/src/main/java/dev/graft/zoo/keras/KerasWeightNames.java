package dev.graft.zoo.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Short names of Keras weights: the part after the layer, without TensorFlow's {@code :0}, with
 * Keras 1's names mapped to Keras 2's.
 *
 * <p>Keras 1 names its weights {@code <layer>_<suffix>}: {@code W} (kernel), {@code b} (bias),
 * BatchNormalization's {@code gamma}, {@code beta}, {@code running_mean}, {@code running_std},
 * SeparableConvolution2D's {@code depthwise_kernel} / {@code pointwise_kernel}, PReLU's {@code
 * alphas}. Recurrent layers' per-gate names ({@code W_i}, {@code U_c}, ...) are kept as they are.
 *
 * <p>What Keras 1's {@code running_std} holds (read in keras-team/keras at tags 1.0.0 to 1.2.2):
 * from 1.0.6 on, BatchNormalization updates it with the <i>variance</i> returned by {@code
 * K.normalize_batch_in_training} ({@code tf.nn.moments}) and normalises with {@code
 * K.batch_normalization(x, running_mean, running_std, ...)}, whose third argument is the variance;
 * Keras 2's {@code preprocess_weights_for_loading} accordingly loads it into {@code moving_variance}
 * unchanged. Up to 1.0.5 it held {@code sqrt(var + eps)} and inference was {@code (x - mean) /
 * (running_std + eps)}; since Keras 2 computes {@code (x - mean) / sqrt(moving_variance + eps)}, the
 * exact conversion is {@code moving_variance = (running_std + eps)^2 - eps} with the layer's
 * epsilon (Keras 1.0's default 1e-6 when the file has no config). A file that does not say its
 * version is taken as 1.0.6 or later, as Keras 2 does.
 */
final class KerasWeightNames {

    /** The first Keras version whose BatchNormalization {@code running_std} holds the variance. */
    static final String RUNNING_STD_HOLDS_VARIANCE_SINCE = "1.0.6";

    /** Keras 1.0's BatchNormalization epsilon default. */
    static final double KERAS_1_0_EPSILON = 1e-6;

    private static final Map<String, String> KERAS1 = Map.of("W", "kernel", "b", "bias", "gamma", "gamma", "beta", "beta",
            "running_mean", "moving_mean", "running_std", "moving_variance", "depthwise_kernel", "depthwise_kernel",
            "pointwise_kernel", "pointwise_kernel", "alphas", "alpha");

    private static final Pattern NUMBERED = Pattern.compile("_\\d+");

    private KerasWeightNames() {}

    /**
     * Drops a TensorFlow output suffix such as {@code :0}.
     *
     * @param name e.g. {@code kernel:0}
     * @return e.g. {@code kernel}
     */
    static String stripSuffix(String name) {
        int colon = name.lastIndexOf(':');
        return colon > 0 && colon < name.length() - 1 && name.substring(colon + 1).chars().allMatch(Character::isDigit)
                ? name.substring(0, colon) : name;
    }

    /**
     * The Keras 2 short name of a Keras 1 weight name.
     *
     * @param layerName the layer, e.g. {@code convolution2d_1}
     * @param name the weight's name without {@code :0}, e.g. {@code convolution2d_1_W}
     * @return e.g. {@code kernel}; the suffix itself when it has no Keras 2 name, the whole name
     *     when it does not start with the layer's name
     */
    static String keras1(String layerName, String name) {
        if (!name.startsWith(layerName + "_")) {
            return name;
        }
        String suffix = name.substring(layerName.length() + 1);
        return KERAS1.getOrDefault(suffix, suffix);
    }

    /**
     * Tells whether a weight-name prefix names the layer itself: {@code conv1} or a Keras-made
     * unique variant {@code conv1_1} of it.
     *
     * @param layerName the layer group's name
     * @param prefixLayer the last layer segment of the weight name
     * @return true for the same layer
     */
    static boolean sameLayer(String layerName, String prefixLayer) {
        return prefixLayer.equals(layerName)
                || prefixLayer.startsWith(layerName) && NUMBERED.matcher(prefixLayer.substring(layerName.length())).matches();
    }

    /**
     * Converts a Keras 1 {@code running_std} to Keras 2's {@code moving_variance} (see the class
     * comment).
     *
     * @param values the stored values
     * @param version the file's Keras version, or null
     * @param layerConfig the layer's config ({@code {"class_name":..,"config":{"epsilon":..}}}), or null
     * @return the variance
     */
    static float[] runningStdToVariance(float[] values, String version, JsonNode layerConfig) {
        if (version == null || compareVersions(version, RUNNING_STD_HOLDS_VARIANCE_SINCE) >= 0) {
            return values;
        }
        double eps = layerConfig == null ? KERAS_1_0_EPSILON : layerConfig.path("config").path("epsilon").asDouble(KERAS_1_0_EPSILON);
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            double std = values[i] + eps;
            out[i] = (float) (std * std - eps);
        }
        return out;
    }

    /**
     * Compares dotted versions by their leading numbers ({@code 2.2.4-tf} is 2.2.4).
     *
     * @param a a version
     * @param b another
     * @return negative, zero or positive
     */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(leadingNumber(x, i), leadingNumber(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int leadingNumber(String[] parts, int i) {
        if (i >= parts.length) {
            return 0;
        }
        String digits = parts[i].replaceAll("^(\\d*).*$", "$1");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits.substring(0, Math.min(digits.length(), 9)));
    }
}
