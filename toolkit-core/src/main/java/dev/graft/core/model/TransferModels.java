package dev.graft.core.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.arch.ArchitectureRegistry;
import dev.graft.zoo.arch.ArchitectureSpec;
import dev.graft.zoo.arch.CutPoint;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.StochasticDepth;
import dev.graft.zoo.nn.TorchNames;
import dev.graft.zoo.weights.ImportReport;
import dev.graft.zoo.weights.StateDict;
import dev.graft.zoo.weights.WeightImportException;
import dev.graft.zoo.weights.WeightLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds {@link TransferModel}s: cut an architecture, add a head, initialise, import weights. */
public final class TransferModels {

    private TransferModels() {}

    /**
     * Builds an uninitialised model.
     *
     * @param architecture the architecture
     * @param cutName the cut point name
     * @param head the head
     * @param numClasses the number of outputs
     * @return the model, nothing frozen yet
     */
    public static TransferModel build(Architecture architecture, String cutName, HeadSpec head, int numClasses) {
        return new TransferModel(trunk(architecture, cutName), head(head, numClasses, !architecture.spec().cut(cutName).pooled()),
                architecture::decayLayers);
    }

    /**
     * Builds an uninitialised model whose head also reads encoded metadata (a {@link MetadataHead});
     * with {@code metadataWidth} 0 it is {@link #build(Architecture, String, HeadSpec, int)}.
     *
     * @param architecture the architecture
     * @param cutName the cut point name
     * @param head the head
     * @param numClasses the number of outputs
     * @param metadataWidth the length of the encoded metadata, 0 for none
     * @return the model, nothing frozen yet
     */
    public static TransferModel build(Architecture architecture, String cutName, HeadSpec head, int numClasses, int metadataWidth) {
        if (metadataWidth == 0) {
            return build(architecture, cutName, head, numClasses);
        }
        boolean pool = !architecture.spec().cut(cutName).pooled();
        return new TransferModel(trunk(architecture, cutName),
                new MetadataHead((NamedSequential) head(head, numClasses, pool), pool ? 1 : 0, metadataWidth), architecture::decayLayers);
    }

    /**
     * Builds an uninitialised multi-task model: the first {@code sharedModules} trunk modules as
     * one copy, then a {@link TaskBranches} head with, per task, fresh copies of the deeper trunk
     * modules and a head.
     *
     * @param architecture the architecture
     * @param cutName the cut point name
     * @param head the head of every task
     * @param layout the tasks and how they share the trunk
     * @return the model, nothing frozen yet
     */
    public static TransferModel buildMultiTask(Architecture architecture, String cutName, HeadSpec head, MultiTaskLayout layout) {
        boolean pool = !architecture.spec().cut(cutName).pooled();
        List<Pair<String, Block>> trunk = trunk(architecture, cutName);
        List<String> copied = trunk.subList(layout.sharedModules(), trunk.size()).stream().map(Pair::getKey).toList();
        Map<String, NamedSequential> branches = new LinkedHashMap<>();
        for (MultiTaskLayout.Task task : layout.tasks()) {
            NamedSequential branch = new NamedSequential();
            List<Pair<String, Block>> copy = copied.isEmpty() ? trunk : trunk(architecture, cutName);
            copy.subList(layout.sharedModules(), copy.size()).forEach(m -> branch.add(m.getKey(), m.getValue()));
            branch.add(TaskBranches.HEAD, head(head, task.outputs(), pool));
            branches.put(task.name(), branch);
        }
        return new TransferModel(trunk.subList(0, layout.sharedModules()),
                new TaskBranches(branches, copied, layout.softModules(), layout.uncertainty()), architecture::decayLayers);
    }

    /**
     * Cuts an architecture: its modules up to the cut point, plus a global average pool when the
     * cut point asks for one.
     *
     * @param architecture the architecture
     * @param cutName the cut point name
     * @return the trunk modules by torchvision name, fresh blocks
     */
    public static List<Pair<String, Block>> trunk(Architecture architecture, String cutName) {
        CutPoint cut = architecture.spec().cut(cutName);
        NamedSequential full = architecture.build(1000, cut);
        List<Pair<String, Block>> trunk = new ArrayList<>();
        for (String name : full.names()) {
            trunk.add(new Pair<>(name, full.child(name)));
            if (name.equals(cut.module())) {
                break;
            }
        }
        if (cut.appendPool()) {
            trunk.add(new Pair<>("pool", Layers.globalAveragePool()));
        }
        return trunk;
    }

    /**
     * Builds a head.
     *
     * @param spec the head spec
     * @param numClasses outputs
     * @param pool whether to start with a global average pool (cut at a feature map)
     * @return the head block
     */
    public static Block head(HeadSpec spec, int numClasses, boolean pool) {
        NamedSequential head = new NamedSequential();
        int i = 0;
        if (pool) {
            head.add(Integer.toString(i++), Layers.globalAveragePool());
        }
        if (spec.kind().equals("mlp")) {
            head.add(Integer.toString(i++), Layers.linear(spec.hidden()));
            head.add(Integer.toString(i++), Layers.batchNorm());
            head.add(Integer.toString(i++), Layers.relu());
        }
        if (spec.dropout() > 0) {
            head.add(Integer.toString(i++), Layers.dropout(spec.dropout()));
        }
        head.add(Integer.toString(i), Layers.linear(numClasses));
        return head;
    }

    /**
     * Allocates parameters: He initialisation in the trunk (as torchvision), Xavier in the head.
     *
     * @param model the model
     * @param manager the manager that owns the parameters
     * @param imageSize the input side
     */
    public static void initialize(TransferModel model, NDManager manager, int imageSize) {
        model.setInitializer(
                new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2),
                Parameter.Type.WEIGHT);
        if (model.head() instanceof TaskBranches branches) {
            branches.tasks().forEach(t -> branches.branch(t).child(TaskBranches.HEAD).setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT));
        } else {
            model.head().setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        }
        model.initialize(manager, DataType.FLOAT32, new Shape(2, 3, imageSize, imageSize));
    }

    /**
     * Imports pretrained weights into the trunk; the file's classifier and any module beyond the
     * cut are ignored, and the head keeps its fresh initialisation.
     *
     * @param model an initialised model
     * @param architecture its architecture
     * @param weights the pretrained tensors
     * @return what was loaded and ignored
     * @throws WeightImportException if the trunk's tensors are missing or mis-shaped
     */
    public static ImportReport loadTrunk(TransferModel model, Architecture architecture, StateDict weights)
            throws WeightImportException {
        Set<String> skip = new LinkedHashSet<>(architecture.build(1000).names());
        skip.removeAll(model.trunkNames());
        skip.add(TransferModel.HEAD);
        ImportReport report = WeightLoader.load(model, weights, skip);
        if (model.head() instanceof TaskBranches branches && !branches.copiedModules().isEmpty()) {
            Set<String> notCopied = new LinkedHashSet<>(architecture.build(1000).names());
            notCopied.removeAll(branches.copiedModules());
            notCopied.add(TaskBranches.HEAD);
            for (String task : branches.tasks()) {
                WeightLoader.load(branches.branch(task), weights, notCopied);
            }
        }
        return report;
    }

    /**
     * Makes every task's copies of the trunk modules equal to the first task's, so soft-shared
     * trunks start from the same weights even without pretrained ones.
     *
     * @param model a multi-task model, initialised
     */
    public static void alignBranches(TransferModel model) {
        if (!(model.head() instanceof TaskBranches branches) || branches.copiedModules().isEmpty()) {
            return;
        }
        NamedSequential first = branches.branch(branches.tasks().get(0));
        for (String task : branches.tasks().subList(1, branches.tasks().size())) {
            for (String module : branches.copiedModules()) {
                Map<String, Parameter> target = TorchNames.of(branches.branch(task).child(module));
                TorchNames.of(first.child(module)).forEach((name, p) -> target.get(name).getArray().set(java.nio.FloatBuffer.wrap(p.getArray().toFloatArray())));
            }
        }
    }

    /**
     * Sets the stochastic-depth (drop-path) rate of every {@link StochasticDepth} block of a model,
     * task copies included, to {@code maxRate × depth} (the linear schedule over the blocks'
     * relative depths). Blocks in frozen modules keep it too, but run in inference mode, where
     * drop path is the identity.
     *
     * @param model the model
     * @param architecture its architecture
     * @param cutName its cut point
     * @param maxRate the rate of the deepest block, in [0, 1)
     * @return how many blocks were set
     * @throws IllegalArgumentException naming the architecture and those that have drop path, when
     *     the model has no such block
     */
    public static int setDropPath(TransferModel model, Architecture architecture, String cutName, float maxRate) {
        int count = StochasticDepth.setMaxRate(model, maxRate);
        if (count > 0) {
            return count;
        }
        String name = architecture.spec().name();
        if (hasDropPath(architecture)) {
            throw new IllegalArgumentException("drop-path " + maxRate + ": " + name + " cut at " + cutName
                    + " keeps none of its stochastic-depth blocks; cut deeper, or leave drop-path out.");
        }
        List<String> with = ArchitectureRegistry.REGISTRY.entries().entrySet().stream().filter(e -> hasDropPath(e.getValue()))
                .map(Map.Entry::getKey).sorted().toList();
        throw new IllegalArgumentException("drop-path " + maxRate + ": " + name + " has no stochastic-depth (drop path) blocks; "
                + (with.isEmpty() ? "no architecture of this Graft has them" : "the architectures with drop path are "
                + String.join(", ", with)) + "; leave drop-path out.");
    }

    private static boolean hasDropPath(Architecture architecture) {
        return StochasticDepth.setMaxRate(architecture.build(1000), 0f) > 0;
    }

    /**
     * Resolves a {@code --freeze} value into a number of frozen trunk modules.
     *
     * @param model the model
     * @param spec its architecture spec
     * @param freeze {@code all}, {@code none} or a cut point no deeper than the cut
     * @return how many leading trunk modules to freeze
     */
    public static int frozenModules(TransferModel model, ArchitectureSpec spec, String freeze) {
        return modulesUpTo(model, spec, freeze, "freeze");
    }

    /**
     * Counts the trunk modules up to and including a cut point.
     *
     * @param model the model
     * @param spec its architecture spec
     * @param point {@code all}, {@code none} or a cut point no deeper than the cut
     * @param option the option that named the point, for messages
     * @return how many leading trunk modules it covers
     */
    public static int modulesUpTo(TransferModel model, ArchitectureSpec spec, String point, String option) {
        if (point.equals("all")) {
            return model.trunkNames().size();
        }
        if (point.equals("none")) {
            return 0;
        }
        CutPoint cut = spec.cut(point);
        int index = model.trunkNames().indexOf(cut.module());
        if (index < 0) {
            throw new IllegalArgumentException(
                    option + " " + point + " is deeper than the cut; name a point no deeper than the cut, or use all.");
        }
        // A pooled point's appended pool counts with it when it ends the trunk (an earlier
        // pooled point, such as a Vision Transformer layer before the cut, covers its module only).
        List<String> names = model.trunkNames();
        return cut.appendPool() && index + 1 < names.size() && names.get(index + 1).equals("pool") ? index + 2 : index + 1;
    }
}
