package dev.graft.zoo.arch;

import java.util.List;

import ai.djl.ndarray.NDManager;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.weights.ImportReport;
import dev.graft.zoo.weights.StateDict;
import dev.graft.zoo.weights.WeightFiles;
import dev.graft.zoo.weights.WeightImportException;
import dev.graft.zoo.weights.WeightLoader;

/**
 * A full network of a known architecture with imported weights.
 *
 * @param spec the architecture's spec
 * @param network the network (trunk and classifier), parameters owned by the manager it was
 *     loaded with
 * @param report what the import did
 */
public record PretrainedNetwork(ArchitectureSpec spec, NamedSequential network, ImportReport report) {

    /**
     * Builds an architecture with its ImageNet classifier and fills it from a weights file or URL.
     *
     * @param architecture the architecture
     * @param weights a file path or URL (see {@link WeightFiles})
     * @param manager the manager that will own the parameters
     * @return the loaded network
     * @throws WeightImportException if the weights cannot be read or do not fit
     */
    public static PretrainedNetwork load(Architecture architecture, String weights, NDManager manager)
            throws WeightImportException {
        if (architecture.selfContained()) {
            NamedSequential network = architecture.build(1000);
            Networks.initialize(network, manager, 1, architecture.spec().inputSize());
            return new PretrainedNetwork(architecture.spec(), network,
                    new ImportReport(weights, network.getParameters().size(), List.of(), "from the model file itself"));
        }
        StateDict state = WeightFiles.read(weights);
        NamedSequential network = architecture.build(classifierOutputs(architecture, state));
        Networks.initialize(network, manager, 1, architecture.spec().inputSize());
        ImportReport report = WeightLoader.load(network, state);
        return new PretrainedNetwork(architecture.spec(), network, report);
    }

    /**
     * Reads the classifier size from the file (the first dimension of the classifier's last
     * weight), so a file fine-tuned on other classes loads too; 1000 if it cannot be told.
     */
    private static int classifierOutputs(Architecture architecture, StateDict state) {
        String prefix = architecture.spec().classifierName() + ".";
        long outputs = 1000;
        for (var entry : state.tensors().entrySet()) {
            if (entry.getKey().startsWith(prefix) && entry.getKey().endsWith(".weight")
                    || entry.getKey().equals(prefix + "weight")) {
                outputs = entry.getValue().shape()[0];
            }
        }
        return (int) outputs;
    }
}
