package dev.graft.zoo.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lists a block's parameters under torchvision's state-dict names: child names joined by dots,
 * and DJL's BatchNorm parameters renamed ({@code gamma → weight}, {@code beta → bias}, {@code
 * runningMean → running_mean}, {@code runningVar → running_var}); a {@link BareParameter}
 * block's tensor takes the block's own path ({@code class_token}). The order is the state-dict
 * order torchvision uses.
 */
public final class TorchNames {

    private TorchNames() {}

    /**
     * Maps torchvision names to parameters.
     *
     * @param block the root block
     * @return parameters by torchvision name, in state-dict order
     */
    public static Map<String, Parameter> of(Block block) {
        Map<String, Parameter> names = new LinkedHashMap<>();
        collect("", block, names);
        return names;
    }

    private static void collect(String prefix, Block block, Map<String, Parameter> out) {
        for (Parameter parameter : block.getDirectParameters().values()) {
            String name = block instanceof BareParameter && !prefix.isEmpty()
                    ? prefix.substring(0, prefix.length() - 1)
                    : prefix + torchName(block, parameter.getName());
            out.put(name, parameter);
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(prefix + child.getKey() + ".", child.getValue(), out);
        }
    }

    private static String torchName(Block block, String djlName) {
        if (block instanceof BatchNorm) {
            return switch (djlName) {
                case "gamma" -> "weight";
                case "beta" -> "bias";
                case "runningMean" -> "running_mean";
                case "runningVar" -> "running_var";
                default -> djlName;
            };
        }
        return djlName;
    }

    /**
     * Tells whether a parameter is trainable (a torchvision {@code parameter}, not a buffer such as
     * BatchNorm running statistics).
     *
     * @param parameter the parameter
     * @return true for weights, biases, gammas and betas
     */
    public static boolean isTrainable(Parameter parameter) {
        return parameter.getType() != Parameter.Type.RUNNING_MEAN
                && parameter.getType() != Parameter.Type.RUNNING_VAR;
    }
}
