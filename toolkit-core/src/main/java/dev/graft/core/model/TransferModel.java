package dev.graft.core.model;

import ai.djl.ndarray.NDList;
import dev.graft.zoo.nn.NamedSequential;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.graft.zoo.nn.TorchNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cut backbone with a new head: the trunk's modules under their torchvision names, then {@code
 * head}. The first {@link #frozenModules()} trunk modules are frozen: their parameters get no
 * gradient and they always run in inference mode, so BatchNorm running statistics do not move
 * either (freezing a module with DJL's {@code freezeParameters} alone would still update them).
 */
public final class TransferModel extends NamedSequential {

    /** The child name of the head. */
    public static final String HEAD = "head";

    private final List<String> trunkNames = new ArrayList<>();
    private int frozenModules;

    /**
     * Creates a model.
     *
     * @param trunk the trunk modules in order, by torchvision name
     * @param head the head
     */
    public TransferModel(List<Pair<String, Block>> trunk, Block head) {
        for (Pair<String, Block> module : trunk) {
            add(module.getKey(), module.getValue());
            trunkNames.add(module.getKey());
        }
        add(HEAD, head);
    }

    /** @return the trunk module names in order */
    public List<String> trunkNames() {
        return List.copyOf(trunkNames);
    }

    /** @return how many leading trunk modules are frozen */
    public int frozenModules() {
        return frozenModules;
    }

    /**
     * Freezes the first {@code count} trunk modules and unfreezes the rest (gradual unfreezing
     * calls this with smaller counts). Frozen modules run in inference mode.
     *
     * @param count how many leading modules to freeze, 0 to {@code trunkNames().size()}
     */
    public void freezeFirst(int count) {
        if (count < 0 || count > trunkNames.size()) {
            throw new IllegalArgumentException("can freeze 0.." + trunkNames.size() + " modules, not " + count);
        }
        frozenModules = count;
        for (int i = 0; i < trunkNames.size(); i++) {
            children.get(trunkNames.get(i)).freezeParameters(i < count, TorchNames::isTrainable);
        }
        children.get(HEAD).freezeParameters(false, TorchNames::isTrainable);
    }

    /** @return the head block */
    public Block head() {
        return children.get(HEAD);
    }

    /**
     * Runs the frozen part only (inference mode): the features the trainable part starts from.
     *
     * @param store the parameter store
     * @param inputs the images
     * @return the features after the last frozen module (the inputs if none is frozen)
     */
    public NDList forwardFrozen(ParameterStore store, NDList inputs) {
        NDList current = inputs;
        for (int i = 0; i < frozenModules; i++) {
            current = children.get(trunkNames.get(i)).forward(store, current, false, null);
        }
        return current;
    }

    /**
     * Runs the trainable part on features from {@link #forwardFrozen}.
     *
     * @param store the parameter store
     * @param features the frozen part's output
     * @param training whether to run in training mode (dropout, BatchNorm batch statistics)
     * @return the logits
     */
    public NDList forwardTrainable(ParameterStore store, NDList features, boolean training) {
        NDList current = features;
        for (int i = frozenModules; i < trunkNames.size(); i++) {
            current = children.get(trunkNames.get(i)).forward(store, current, training, null);
        }
        return children.get(HEAD).forward(store, current, training, null);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return forwardTrainable(store, forwardFrozen(store, inputs), training);
    }

    /**
     * Returns the trainable parameters (not frozen, not BatchNorm running statistics) by name.
     *
     * @return parameters by torchvision-style name, in state-dict order
     */
    public Map<String, Parameter> trainableParameters() {
        Map<String, Parameter> trainable = new LinkedHashMap<>();
        Map<String, Parameter> all = TorchNames.of(this);
        int firstTrainable = frozenModules;
        for (Map.Entry<String, Parameter> entry : all.entrySet()) {
            String module = moduleOf(entry.getKey());
            int index = trunkNames.indexOf(module);
            boolean frozen = index >= 0 && index < firstTrainable;
            if (!frozen && TorchNames.isTrainable(entry.getValue())) {
                trainable.put(entry.getKey(), entry.getValue());
            }
        }
        return trainable;
    }

    /**
     * Tells whether a parameter trains at the head's learning rate: everything in the head except,
     * in a multi-task head, the tasks' copies of trunk modules, which train at the trunk's rate.
     *
     * @param parameterName a parameter's torchvision-style name
     * @return true for head parameters
     */
    public boolean learnsAtHeadRate(String parameterName) {
        if (!moduleOf(parameterName).equals(HEAD)) {
            return false;
        }
        return !(head() instanceof TaskBranches branches) || branches.learnsAtHeadRate(parameterName.substring(HEAD.length() + 1));
    }

    /** @return whether the head holds per-task copies of trunk modules (soft sharing) */
    public boolean hasTrunkCopies() {
        return head() instanceof TaskBranches branches && !branches.copiedModules().isEmpty();
    }

    /**
     * Tells which top-level module a parameter name belongs to.
     *
     * @param parameterName e.g. {@code features.3.squeeze.weight} or {@code head.1.weight}
     * @return the child name, e.g. {@code features.3} or {@code head}
     */
    public String moduleOf(String parameterName) {
        for (String name : trunkNames) {
            if (parameterName.startsWith(name + ".")) {
                return name;
            }
        }
        return HEAD;
    }
}
