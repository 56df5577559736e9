package dev.graft.tensorflow;

import dev.graft.core.model.Architectures;
import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.arch.ArchitectureSpec;
import dev.graft.zoo.arch.CutPoint;
import dev.graft.zoo.arch.FrozenBackbone;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * {@code --arch savedmodel --weights DIR --cut SIGNATURE/OUTPUT}: a TensorFlow SavedModel serves
 * as a frozen feature extractor run by DJL's TensorFlow engine. Each output of a signature that
 * takes one float image batch (NHWC) and gives one row per image is a cut point, named {@code
 * signature/output}; the cut's output is flattened per image, computed once, and a new head trains
 * on it. Images are given as pixels in [0, 1] (the TensorFlow Hub convention; {@code --normalize
 * train} standardises them instead); the input side is the signature's, else 224.
 */
public final class SavedModelBackbone implements FrozenBackbone {

    /** The architecture name. */
    public static final String NAME = Architectures.SAVED_MODEL;

    /** Pixels in [0, 1], unshifted: what TensorFlow Hub image models take. */
    static final Normalization UNIT = new Normalization(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});

    /** The trunk's module name. */
    static final String MODULE = "savedmodel";

    private static final int DEFAULT_SIDE = 224;

    private final SavedModelSession session;
    private final Map<String, String[]> outputs;
    private final ArchitectureSpec spec;

    private SavedModelBackbone(SavedModelSession session, Map<String, String[]> outputs, List<CutPoint> cuts, int side) {
        this.session = session;
        this.outputs = outputs;
        this.spec = new ArchitectureSpec(NAME, side, Math.round(side * 256f / 224f), UNIT, cuts, MODULE, "classifier", 0);
    }

    /**
     * Opens a SavedModel folder as a feature extractor: every output of every signature is tried on
     * one blank image, and those that give one row per image become cut points.
     *
     * @param folder the SavedModel folder
     * @return the backbone
     * @throws IOException if the folder is missing or TensorFlow cannot start
     * @throws WeightImportException if TensorFlow cannot load it, or no signature output can serve as features
     */
    public static SavedModelBackbone open(Path folder) throws IOException, WeightImportException {
        SavedModelSession session = SavedModelSession.open(folder);
        int side = side(session.signatures());
        Map<String, String[]> outputs = new LinkedHashMap<>();
        List<CutPoint> cuts = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, SignatureDef> signature : session.signatures().entrySet()) {
            String why = unusable(signature.getValue());
            if (why != null) {
                refused.add(signature.getKey() + " (" + why + ")");
                continue;
            }
            String input = signature.getValue().getInputsMap().keySet().iterator().next();
            for (String output : new TreeMap<>(signature.getValue().getOutputsMap()).keySet()) {
                String name = signature.getKey() + "/" + output;
                try {
                    int width = new SavedModelTrunk(session, signature.getKey(), input, output).features(new float[side * side * 3], 1, side, side).length;
                    outputs.put(name, new String[] {signature.getKey(), input, output});
                    cuts.add(CutPoint.vectorAt(name, MODULE, width, 1));
                } catch (RuntimeException e) {
                    refused.add(name + " (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("fails") + ")");
                }
            }
        }
        if (cuts.isEmpty()) {
            throw new WeightImportException(folder + ": no signature output gives features for a [1, " + side + ", " + side
                    + ", 3] image batch; its signatures are " + session.describe() + "; refused: " + String.join("; ", refused) + ".");
        }
        return new SavedModelBackbone(session, outputs, cuts, side);
    }

    /** Why a signature cannot take an image batch, or {@code null} if it may. */
    private static String unusable(SignatureDef signature) {
        if (signature.getInputsCount() != 1) {
            return signature.getInputsCount() + " inputs, an image feature extractor has 1";
        }
        TensorInfo input = signature.getInputsMap().values().iterator().next();
        if (input.getDtype() != DataType.DT_FLOAT) {
            return "input is " + input.getDtype() + ", not float32";
        }
        TensorShapeProto shape = input.getTensorShape();
        if (!shape.getUnknownRank() && (shape.getDimCount() != 4 || shape.getDim(3).getSize() > 0 && shape.getDim(3).getSize() != 3)) {
            return "input is not an NHWC batch of RGB images";
        }
        return null;
    }

    /** The side of the first signature whose input fixes it (serving_default first), else 224. */
    private static int side(Map<String, SignatureDef> signatures) {
        List<SignatureDef> order = new ArrayList<>();
        if (signatures.containsKey("serving_default")) {
            order.add(signatures.get("serving_default"));
        }
        order.addAll(signatures.values());
        for (SignatureDef signature : order) {
            if (unusable(signature) == null) {
                TensorShapeProto shape = signature.getInputsMap().values().iterator().next().getTensorShape();
                if (!shape.getUnknownRank() && shape.getDim(1).getSize() > 0 && shape.getDim(1).getSize() == shape.getDim(2).getSize()) {
                    return Math.toIntExact(shape.getDim(1).getSize());
                }
            }
        }
        return DEFAULT_SIDE;
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    /** Builds the network at the first cut point; {@link #build(int, CutPoint)} picks the output. */
    @Override
    public NamedSequential build(int numClasses) {
        return build(numClasses, spec.cutPoints().get(0));
    }

    @Override
    public NamedSequential build(int numClasses, CutPoint cut) {
        String[] output = outputs.get(spec.cut(cut.name()).name());
        return new NamedSequential().add(MODULE, new SavedModelTrunk(session, output[0], output[1], output[2]))
                .add("classifier", Layers.linear(numClasses));
    }
}
