package dev.graft.core.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.arch.ArchitectureSpec;
import dev.graft.zoo.arch.CutPoint;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.weights.ImportReport;
import dev.graft.zoo.weights.StateDict;
import dev.graft.zoo.weights.WeightImportException;
import dev.graft.zoo.weights.WeightLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
        ArchitectureSpec spec = architecture.spec();
        CutPoint cut = spec.cut(cutName);
        NamedSequential full = architecture.build(1000);
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
        return new TransferModel(trunk, head(head, numClasses, !cut.pooled()));
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
        model.head().setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
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
        return WeightLoader.load(model, weights, skip);
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
        if (freeze.equals("all")) {
            return model.trunkNames().size();
        }
        if (freeze.equals("none")) {
            return 0;
        }
        CutPoint point = spec.cut(freeze);
        int index = model.trunkNames().indexOf(point.module());
        if (index < 0) {
            throw new IllegalArgumentException(
                    "--freeze " + freeze + " is deeper than the cut; freeze at most up to the cut point, or use all.");
        }
        return point.appendPool() ? model.trunkNames().size() : index + 1;
    }
}
