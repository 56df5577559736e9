package dev.graft.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.TorchNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The multi-task head of a {@link TransferModel}: one branch per task, side by side on the shared
 * trunk's output. A branch is the task's own copies of the deeper trunk modules (soft sharing;
 * none with hard sharing) followed by its {@code head}; its output is the task's logits. With
 * uncertainty weighting the block also holds the learned {@code log_variance} per task. A task
 * can be stopped: its branch is frozen and runs in inference mode, so none of its weights, not
 * even BatchNorm statistics, change any more.
 */
public final class TaskBranches extends AbstractBlock {

    /** The child name of each branch's head. */
    public static final String HEAD = "head";

    private static final byte VERSION = 1;

    private final List<String> tasks;
    private final List<String> copiedModules;
    private final int softModules;
    private final Parameter logVariance;
    private final Set<String> stopped = new LinkedHashSet<>();

    /**
     * Creates the branches.
     *
     * @param branches each task's branch by task name, in output order: its copies of the trunk
     *     modules named {@code copiedModules}, then {@link #HEAD}
     * @param copiedModules the trunk modules every branch copies, in order
     * @param softModules how many of them (the first ones) the soft-sharing penalty ties together
     * @param uncertainty whether to hold learned loss weights
     */
    public TaskBranches(Map<String, NamedSequential> branches, List<String> copiedModules, int softModules, boolean uncertainty) {
        super(VERSION);
        this.tasks = List.copyOf(branches.keySet());
        this.copiedModules = List.copyOf(copiedModules);
        this.softModules = softModules;
        branches.forEach(children::add);
        logVariance = uncertainty ? addParameter(Parameter.builder().setName("log_variance").setType(Parameter.Type.OTHER)
                .optShape(new Shape(tasks.size())).optInitializer(Initializer.ZEROS).build()) : null;
    }

    /** @return the task names, in output order */
    public List<String> tasks() {
        return tasks;
    }

    /** @return the trunk modules each branch has its own copy of */
    public List<String> copiedModules() {
        return copiedModules;
    }

    /**
     * Returns a task's branch.
     *
     * @param task the task
     * @return its copied trunk modules and head
     */
    public NamedSequential branch(String task) {
        return (NamedSequential) children.get(task);
    }

    /** @return the learned {@code sₜ = log σₜ²} per task, or {@code null} with fixed weights */
    public Parameter logVariance() {
        return logVariance;
    }

    /**
     * Returns, per task, the parameters the soft-sharing penalty compares, under names that are
     * the same in every branch.
     *
     * @return one map per task, in task order (empty maps with hard sharing)
     */
    public List<Map<String, Parameter>> softParameters() {
        List<Map<String, Parameter>> all = new ArrayList<>();
        for (String task : tasks) {
            Map<String, Parameter> soft = new LinkedHashMap<>();
            for (String module : copiedModules.subList(0, softModules)) {
                TorchNames.of(branch(task).child(module)).forEach((name, p) -> {
                    if (TorchNames.isTrainable(p)) {
                        soft.put(module + "." + name, p);
                    }
                });
            }
            all.add(soft);
        }
        return all;
    }

    /**
     * Tells whether one of this block's parameters is a head's (or the learned loss weights),
     * rather than a task's copy of a trunk module.
     *
     * @param name the parameter's name within this block, e.g. {@code diagnosis.head.1.weight}
     * @return true unless it lies in a copied trunk module
     */
    public boolean learnsAtHeadRate(String name) {
        int dot = name.indexOf('.');
        return dot < 0 || name.substring(dot + 1).startsWith(HEAD + ".");
    }

    /**
     * Stops training a task: its branch is frozen and from now on runs in inference mode.
     *
     * @param task the task
     */
    public void stop(String task) {
        if (!tasks.contains(task)) {
            throw new IllegalArgumentException("no task " + task + " among " + tasks);
        }
        stopped.add(task);
        branch(task).freezeParameters(true);
    }

    /**
     * Tells whether a task was stopped.
     *
     * @param task the task
     * @return true once {@link #stop} was called for it
     */
    public boolean isStopped(String task) {
        return stopped.contains(task);
    }

    /** Freezes or unfreezes the branches, except that stopped tasks stay frozen. */
    @Override
    public void freezeParameters(boolean freeze, Predicate<Parameter> predicate) {
        for (Pair<String, Block> child : children) {
            child.getValue().freezeParameters(freeze || stopped.contains(child.getKey()), predicate);
        }
        if (logVariance != null && predicate.test(logVariance)) {
            logVariance.freeze(freeze);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList outputs = new NDList(tasks.size());
        for (String task : tasks) {
            outputs.add(branch(task).forward(store, inputs, training && !stopped.contains(task), params).singletonOrThrow());
        }
        return outputs;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Pair<String, Block> child : children) {
            child.getValue().initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        List<Shape> shapes = new ArrayList<>();
        for (Pair<String, Block> child : children) {
            shapes.add(child.getValue().getOutputShapes(inputShapes)[0]);
        }
        return shapes.toArray(new Shape[0]);
    }
}
