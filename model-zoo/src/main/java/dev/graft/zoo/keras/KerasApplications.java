package dev.graft.zoo.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.zoo.weights.WeightImportException;

/**
 * Keras functional model configs of Keras Applications architectures, for weights-only files
 * such as {@code keras://mobilenet_v2} that carry no graph. The code mirrors the Keras source
 * layer by layer, with its layer names, so the weights map by name.
 *
 * <p>MobileNetV2 follows {@code keras_applications/mobilenet_v2.py} as of Keras 2.2.4 (the code
 * that trained and published the ImageNet weights, and the form the TF.js MobileNetV2 test asset
 * was saved in): {@code Conv1_pad} ({@code ZeroPadding2D} of {@code correct_pad}, i.e. {@code
 * ((0, 1), (0, 1))} at 224×224) before a {@code valid} stride-2 {@code Conv1}; each stride-2 block
 * pads the same way ({@code block_N_pad}) before a {@code valid} depthwise convolution; ReLU6 as
 * {@code ReLU(max_value=6)}; BatchNormalization with epsilon 1e-3 and momentum 0.999. Keras ≥ 2.4
 * ({@code keras/src/applications/mobilenet_v2.py}) dropped {@code Conv1_pad} and gave {@code Conv1}
 * {@code padding="same"}, which at even input sizes pads the same bottom/right row and column; the
 * weights file has no entry for {@code Conv1_pad} either way. The config is in Keras 2 functional
 * form ({@code inbound_nodes: [[[name, 0, 0, {}]]]}, {@code input_layers}, {@code output_layers}).
 */
public final class KerasApplications {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasApplications() {}

    /**
     * The config of {@code keras.applications.MobileNetV2(input_shape=(224, 224, 3), alpha,
     * include_top, weights="imagenet")}.
     *
     * @param alpha the width multiplier (1.0 for the published {@code keras://mobilenet_v2} weights)
     * @param includeTop whether to add {@code GlobalAveragePooling2D} and the 1000-class softmax
     *     {@code predictions} Dense; without it the model ends at {@code out_relu}
     * @return {@code {"class_name": "Functional", "config": {...}}}
     */
    public static JsonNode mobileNetV2Config(double alpha, boolean includeTop) {
        return mobileNetV2(alpha, includeTop, false);
    }

    /**
     * The config of {@code keras.applications.MobileNetV2(include_top=False, pooling="avg")}: the
     * backbone the published no-top weights belong to, ending in its 1280 pooled features.
     *
     * @return {@code {"class_name": "Functional", "config": {...}}}
     */
    public static JsonNode mobileNetV2Features() {
        return mobileNetV2(1.0, false, true);
    }

    /**
     * Gives a weights-only Keras Applications file the topology it was saved from, recognised by
     * the file name Keras publishes it under (as {@code keras://NAME} caches it).
     *
     * @param weights a weights-only file ({@code modelConfig} null)
     * @return the same weights with the application's config
     * @throws WeightImportException if the file is not a Keras Applications file Graft has a topology for
     */
    public static KerasModelFile withTopology(KerasModelFile weights) throws WeightImportException {
        String name = weights.file().getFileName().toString();
        if (name.equals(KerasApplicationsWeights.APPLICATIONS.get("mobilenet_v2").fileName())) {
            return new KerasModelFile(weights.file(), weights.format(), weights.kerasVersion(), mobileNetV2Features(), weights.weightsByLayer());
        }
        throw new WeightImportException(weights.file() + " holds weights only, no model config; --arch keras needs a full model"
                + " (model.save(), not save_weights()), or keras://mobilenet_v2, whose topology Graft knows.");
    }

    private static JsonNode mobileNetV2(double alpha, boolean includeTop, boolean averagePool) {
        int rows = 224;
        Graph g = new Graph(String.format(java.util.Locale.ROOT, "mobilenetv2_%.2f_%d", alpha, rows), "input_1", rows, rows, 3);
        int firstBlockFilters = makeDivisible(32 * alpha, 8);
        g.zeroPad("Conv1_pad", correctPad(rows));
        g.conv("Conv1", firstBlockFilters, 3, 2, "valid");
        g.batchNorm("bn_Conv1");
        g.relu6("Conv1_relu");
        int channels = firstBlockFilters;
        int size = (rows + 1) / 2;
        int[][] blocks = {
            {16, 1, 1}, {24, 2, 6}, {24, 1, 6}, {32, 2, 6}, {32, 1, 6}, {32, 1, 6}, {64, 2, 6}, {64, 1, 6}, {64, 1, 6}, {64, 1, 6},
            {96, 1, 6}, {96, 1, 6}, {96, 1, 6}, {160, 2, 6}, {160, 1, 6}, {160, 1, 6}, {320, 1, 6},
        };
        for (int blockId = 0; blockId < blocks.length; blockId++) {
            int[] b = blocks[blockId];
            int outChannels = makeDivisible((int) (b[0] * alpha), 8);
            invertedResBlock(g, channels, outChannels, b[1], b[2], blockId, size);
            if (b[1] == 2) {
                size = size / 2;
            }
            channels = outChannels;
        }
        int lastBlockFilters = alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280;
        g.conv("Conv_1", lastBlockFilters, 1, 1, "valid");
        g.batchNorm("Conv_1_bn");
        g.relu6("out_relu");
        if (includeTop || averagePool) {
            g.layer("GlobalAveragePooling2D", "global_average_pooling2d", JSON.createObjectNode().put("data_format", "channels_last"));
        }
        if (includeTop) {
            g.layer("Dense", "predictions", JSON.createObjectNode().put("units", 1000).put("activation", "softmax").put("use_bias", true));
        }
        return g.model();
    }

    /** {@code _inverted_res_block}: expand (blocks after 0), pad + depthwise, project, add when shapes allow. */
    private static void invertedResBlock(Graph g, int inChannels, int outChannels, int stride, int expansion, int blockId, int size) {
        String input = g.last;
        String prefix = "block_" + blockId + "_";
        if (blockId > 0) {
            g.conv(prefix + "expand", expansion * inChannels, 1, 1, "same");
            g.batchNorm(prefix + "expand_BN");
            g.relu6(prefix + "expand_relu");
        } else {
            prefix = "expanded_conv_";
        }
        if (stride == 2) {
            g.zeroPad(prefix + "pad", correctPad(size));
        }
        ObjectNode depthwise = JSON.createObjectNode();
        depthwise.set("kernel_size", JSON.createArrayNode().add(3).add(3));
        depthwise.set("strides", JSON.createArrayNode().add(stride).add(stride));
        depthwise.put("padding", stride == 1 ? "same" : "valid").put("data_format", "channels_last").put("activation", "linear")
                .put("use_bias", false).put("depth_multiplier", 1);
        g.layer("DepthwiseConv2D", prefix + "depthwise", depthwise);
        g.batchNorm(prefix + "depthwise_BN");
        g.relu6(prefix + "depthwise_relu");
        g.conv(prefix + "project", outChannels, 1, 1, "same");
        g.batchNorm(prefix + "project_BN");
        if (inChannels == outChannels && stride == 1) {
            g.add(prefix + "add", input, g.last);
        }
    }

    /** {@code imagenet_utils.correct_pad} for a 3×3 kernel at a square size: ((1 - adjust, 1), (1 - adjust, 1)). */
    private static int[][] correctPad(int size) {
        int adjust = 1 - size % 2;
        return new int[][] {{1 - adjust, 1}, {1 - adjust, 1}};
    }

    /** {@code _make_divisible}: the nearest multiple of the divisor, never more than 10% below. */
    static int makeDivisible(double v, int divisor) {
        int newV = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        return newV < 0.9 * v ? newV + divisor : newV;
    }

    /** Appends layers in Keras 2 functional form, each fed by the previous one unless told otherwise. */
    private static final class Graph {
        private final ObjectNode config = JSON.createObjectNode();
        private final ArrayNode layers = JSON.createArrayNode();
        private final String input;
        private String last;

        Graph(String name, String input, int height, int width, int channels) {
            config.put("name", name);
            config.set("layers", layers);
            this.input = input;
            ObjectNode inputConfig = JSON.createObjectNode();
            inputConfig.set("batch_input_shape", JSON.createArrayNode().addNull().add(height).add(width).add(channels));
            inputConfig.put("dtype", "float32").put("sparse", false);
            layer("InputLayer", input, inputConfig, JSON.createArrayNode());
        }

        void layer(String className, String name, ObjectNode settings) {
            ArrayNode node = JSON.createArrayNode();
            node.add(inbound(last));
            layer(className, name, settings, JSON.createArrayNode().add(node));
        }

        private void layer(String className, String name, ObjectNode settings, ArrayNode inboundNodes) {
            ObjectNode layerConfig = JSON.createObjectNode().put("name", name).put("trainable", true);
            layerConfig.setAll(settings);
            ObjectNode layer = JSON.createObjectNode().put("name", name).put("class_name", className);
            layer.set("config", layerConfig);
            layer.set("inbound_nodes", inboundNodes);
            layers.add(layer);
            last = name;
        }

        private static ArrayNode inbound(String from) {
            return JSON.createArrayNode().add(from).add(0).add(0).add(JSON.createObjectNode());
        }

        void conv(String name, int filters, int kernel, int stride, String padding) {
            ObjectNode c = JSON.createObjectNode().put("filters", filters);
            c.set("kernel_size", JSON.createArrayNode().add(kernel).add(kernel));
            c.set("strides", JSON.createArrayNode().add(stride).add(stride));
            c.put("padding", padding).put("data_format", "channels_last");
            c.set("dilation_rate", JSON.createArrayNode().add(1).add(1));
            c.put("activation", "linear").put("use_bias", false);
            layer("Conv2D", name, c);
        }

        void batchNorm(String name) {
            layer("BatchNormalization", name, JSON.createObjectNode().put("axis", -1).put("momentum", 0.999).put("epsilon", 1e-3)
                    .put("center", true).put("scale", true));
        }

        void relu6(String name) {
            layer("ReLU", name, JSON.createObjectNode().put("max_value", 6.0).put("negative_slope", 0.0).put("threshold", 0.0));
        }

        void zeroPad(String name, int[][] padding) {
            ObjectNode c = JSON.createObjectNode();
            c.set("padding", JSON.createArrayNode().add(JSON.createArrayNode().add(padding[0][0]).add(padding[0][1]))
                    .add(JSON.createArrayNode().add(padding[1][0]).add(padding[1][1])));
            c.put("data_format", "channels_last");
            layer("ZeroPadding2D", name, c);
        }

        void add(String name, String a, String b) {
            ArrayNode node = JSON.createArrayNode().add(inbound(a)).add(inbound(b));
            layer("Add", name, JSON.createObjectNode(), JSON.createArrayNode().add(node));
        }

        JsonNode model() {
            config.set("input_layers", JSON.createArrayNode().add(JSON.createArrayNode().add(input).add(0).add(0)));
            config.set("output_layers", JSON.createArrayNode().add(JSON.createArrayNode().add(last).add(0).add(0)));
            ObjectNode model = JSON.createObjectNode().put("class_name", "Functional");
            model.set("config", config);
            return model;
        }
    }
}
