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
import java.util.function.UnaryOperator;

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
    private final UnaryOperator<List<String>> layering;
    private List<String> layers;
    private int frozenModules;

    /**
     * Creates a model whose layers (for layer-wise learning-rate decay) are its modules that hold
     * parameters.
     *
     * @param trunk the trunk modules in order, by torchvision name
     * @param head the head
     */
    public TransferModel(List<Pair<String, Block>> trunk, Block head) {
        this(trunk, head, UnaryOperator.identity());
    }

    /**
     * Creates a model.
     *
     * @param trunk the trunk modules in order, by torchvision name
     * @param head the head
     * @param layering turns the modules that hold parameters into the layers of {@link #layers()}
     *     (an architecture's {@code decayLayers})
     */
    public TransferModel(List<Pair<String, Block>> trunk, Block head, UnaryOperator<List<String>> layering) {
        for (Pair<String, Block> module : trunk) {
            if (module.getKey().equals(HEAD) || module.getKey().startsWith(HEAD + ".")) {
                throw new IllegalArgumentException("the trunk module '" + module.getKey() + "' is named like the new head ('" + HEAD
                        + "'), so their parameters could not be told apart; rename it in the architecture.");
            }
            add(module.getKey(), module.getValue());
            trunkNames.add(module.getKey());
        }
        add(HEAD, head);
        this.layering = layering;
    }

    /** @return the trunk module names in order */
    public List<String> trunkNames() {
        return List.copyOf(trunkNames);
    }

    /**
     * Returns the trunk's layers for layer-wise learning-rate decay, shallowest first, as
     * parameter-name prefixes: each top-level trunk module that holds trainable parameters
     * (frozen or not), then, in a multi-task head, the modules the tasks copy (each task's copy
     * sits at its module's depth), as the architecture's layering refines them.
     *
     * @return the layers, shallowest first
     */
    public List<String> layers() {
        if (layers == null) {
            List<String> modules = new ArrayList<>();
            trunkNames.stream().filter(name -> holdsParameters(children.get(name))).forEach(modules::add);
            if (head() instanceof TaskBranches branches && !branches.tasks().isEmpty()) {
                NamedSequential first = branches.branch(branches.tasks().get(0));
                branches.copiedModules().stream().filter(name -> holdsParameters(first.child(name))).forEach(modules::add);
            }
            layers = List.copyOf(layering.apply(List.copyOf(modules)));
        }
        return layers;
    }

    /**
     * Tells how deep below the head a parameter sits, counting {@link #layers()} from the
     * deepest: 0 for parameters at the head's rate, 1 for the deepest layer, growing toward the
     * stem.
     *
     * @param parameterName a parameter's torchvision-style name
     * @return its depth k (its layer-decay exponent)
     * @throws IllegalArgumentException if a trunk parameter lies in no layer
     */
    public int layerDepth(String parameterName) {
        if (learnsAtHeadRate(parameterName)) {
            return 0;
        }
        String name = parameterName;
        if (moduleOf(name).equals(HEAD)) {
            String inBranch = name.substring(HEAD.length() + 1);
            name = inBranch.substring(inBranch.indexOf('.') + 1);
        }
        List<String> all = layers();
        int best = -1;
        for (int i = 0; i < all.size(); i++) {
            if (name.startsWith(all.get(i) + ".") && (best < 0 || all.get(i).length() > all.get(best).length())) {
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("parameter " + parameterName + " lies in none of the layers " + all
                    + "; the architecture's decayLayers must cover every trunk module that holds parameters.");
        }
        return all.size() - best;
    }

    private static boolean holdsParameters(Block block) {
        return TorchNames.of(block).values().stream().anyMatch(TorchNames::isTrainable);
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
     * Runs the trainable part on features from {@link #forwardFrozen}; a model whose head reads
     * metadata ({@link MetadataHead}) takes the metadata as a second array, which passes the trunk by.
     *
     * @param store the parameter store
     * @param features the frozen part's output, then the metadata when the head reads it
     * @param training whether to run in training mode (dropout, BatchNorm batch statistics)
     * @return the logits
     */
    public NDList forwardTrainable(ParameterStore store, NDList features, boolean training) {
        NDList current = features.size() > 1 ? new NDList(features.get(0)) : features;
        for (int i = frozenModules; i < trunkNames.size(); i++) {
            current = children.get(trunkNames.get(i)).forward(store, current, training, null);
        }
        if (features.size() > 1) {
            current = new NDList(current.singletonOrThrow()).addAll(features.subNDList(1));
        }
        return children.get(HEAD).forward(store, current, training, null);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() > 1) {
            NDList features = forwardFrozen(store, new NDList(inputs.get(0)));
            return forwardTrainable(store, new NDList(features.singletonOrThrow()).addAll(inputs.subNDList(1)), training);
        }
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
