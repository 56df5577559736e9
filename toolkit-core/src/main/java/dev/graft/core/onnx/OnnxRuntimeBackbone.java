package dev.graft.core.onnx;

import ai.onnxruntime.OrtException;
import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.arch.ArchitectureSpec;
import dev.graft.zoo.arch.CutPoint;
import dev.graft.zoo.arch.FrozenBackbone;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.onnx.OnnxModelCheck;
import dev.graft.zoo.onnx.proto.Onnx;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --arch onnx-runtime --weights model.onnx}: any ONNX classifier Graft cannot rebuild as
 * blocks (a quantized one, say) serves as a frozen feature extractor run by ONNX Runtime. Its
 * features (before the last global average pool, dequantized if needed) are computed once and a
 * new head trains on them. The only cut point is {@code pool}; inputs use ImageNet statistics.
 */
public final class OnnxRuntimeBackbone implements FrozenBackbone {

    /** The architecture name. */
    public static final String NAME = "onnx-runtime";

    private final OnnxRuntimeTrunk trunk;
    private final ArchitectureSpec spec;

    private OnnxRuntimeBackbone(OnnxRuntimeTrunk trunk, int side) {
        this.trunk = trunk;
        this.spec = new ArchitectureSpec(NAME, side, Math.round(side * 256f / 224f), Normalization.IMAGENET,
                List.of(new CutPoint("pool", "onnx", trunk.width(), 32, false)), "onnx", "classifier", 0);
    }

    /**
     * Opens an ONNX classifier as a feature extractor.
     *
     * @param file the ONNX file
     * @return the backbone
     * @throws IOException if the file cannot be read or ONNX Runtime cannot load it
     * @throws WeightImportException if the file is not a complete ONNX model or its graph fails
     *     {@link OnnxModelCheck}; ONNX Runtime never sees such a file
     */
    public static OnnxRuntimeBackbone open(Path file) throws IOException, WeightImportException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist; arch " + NAME + " needs weights pointing at an .onnx file.");
        }
        Onnx.ModelProto model = OnnxModelCheck.read(file);
        int side = OnnxModelCheck.inputSide(model, file.toString());
        try {
            return new OnnxRuntimeBackbone(new OnnxRuntimeTrunk(FeatureGraph.featuresOf(model, file.toString()).toByteArray(), side,
                    file.toString()), side);
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime cannot run " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    @Override
    public NamedSequential build(int numClasses) {
        return new NamedSequential().add("onnx", trunk).add("classifier", Layers.linear(numClasses));
    }
}
