package dev.graft.zoo.weights;

import dev.graft.zoo.onnx.OnnxModelCheck;
import dev.graft.zoo.onnx.proto.Onnx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the float initializers of an ONNX file, ordered by the graph: the order in which nodes
 * consume them (Conv weight then bias; BatchNormalization scale, bias, mean, variance; Gemm
 * weight then bias), which is the state-dict order of the network they came from. Names are kept
 * for matching by name; the order allows matching files whose names are generated.
 */
public final class OnnxWeightsReader implements WeightFormat {

    private static final int FLOAT = 1;
    private static final int DOUBLE = 11;
    private static final int FLOAT16 = 10;
    private static final int INT64 = 7;

    @Override
    public List<String> extensions() {
        return List.of(".onnx");
    }

    /**
     * Reads a file.
     *
     * @param file the {@code .onnx} file
     * @return the initializers consumed by the graph's nodes, in consumption order
     * @throws WeightImportException if the file is not a readable ONNX model
     */
    @Override
    public StateDict read(Path file) throws WeightImportException {
        OnnxModelCheck.requireHeapToParse(file);
        Onnx.ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = Onnx.ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new WeightImportException(file + ": not a readable ONNX model: " + e.getMessage(), e);
        }
        if (!model.hasGraph() || model.getGraph().getInitializerCount() == 0) {
            throw new WeightImportException(file + ": the ONNX graph has no initializers (weights).");
        }
        Map<String, Onnx.TensorProto> initializers = new LinkedHashMap<>();
        for (Onnx.TensorProto tensor : model.getGraph().getInitializerList()) {
            initializers.put(tensor.getName(), tensor);
        }
        Map<String, TensorData> ordered = new LinkedHashMap<>();
        for (Onnx.NodeProto node : model.getGraph().getNodeList()) {
            for (String input : node.getInputList()) {
                Onnx.TensorProto tensor = initializers.get(input);
                if (tensor != null && !ordered.containsKey(input) && isFloat(tensor) && tensor.getDimsCount() > 0) {
                    ordered.put(input, toData(tensor, file));
                }
            }
        }
        return new StateDict(file.toString(), ordered, true);
    }

    private static boolean isFloat(Onnx.TensorProto tensor) {
        int type = tensor.getDataType();
        return type == FLOAT || type == DOUBLE || type == FLOAT16;
    }

    /**
     * Converts an ONNX tensor to float32 data.
     *
     * @param tensor the tensor
     * @param file the file, for messages
     * @return the data
     * @throws WeightImportException if the tensor keeps its data outside the file or has an
     *     unsupported type
     */
    public static TensorData toData(Onnx.TensorProto tensor, Path file) throws WeightImportException {
        if (tensor.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL || tensor.getExternalDataCount() > 0) {
            throw new WeightImportException(
                    file + ": initializer " + tensor.getName() + " uses external data, which is not supported;"
                            + " save the model with all tensors inside the file.");
        }
        long[] shape = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
        try {
            return new TensorData(shape, values(tensor, file));
        } catch (IllegalArgumentException e) {
            throw new WeightImportException(file + ": initializer " + tensor.getName() + ": " + e.getMessage()
                    + "; the file is corrupt. Export the model again.", e);
        }
    }

    private static float[] values(Onnx.TensorProto tensor, Path file) throws WeightImportException {
        if (!tensor.getRawData().isEmpty()) {
            String dtype =
                    switch (tensor.getDataType()) {
                        case FLOAT -> "F32";
                        case DOUBLE -> "F64";
                        case FLOAT16 -> "F16";
                        case INT64 -> "I64";
                        default -> throw new WeightImportException(
                                file + ": initializer " + tensor.getName() + " has unsupported data type " + tensor.getDataType());
                    };
            return RawTensors.toFloats(tensor.getRawData().asReadOnlyByteBuffer(), dtype);
        }
        float[] values;
        if (tensor.getFloatDataCount() > 0) {
            List<Float> list = tensor.getFloatDataList();
            values = new float[list.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = list.get(i);
            }
        } else {
            List<Double> list = tensor.getDoubleDataList();
            values = new float[list.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = list.get(i).floatValue();
            }
        }
        return values;
    }
}
