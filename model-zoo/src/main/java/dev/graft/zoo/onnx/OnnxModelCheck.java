package dev.graft.zoo.onnx;

import com.google.protobuf.DiscardUnknownFieldsParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import dev.graft.datasets.io.HeapBudget;
import dev.graft.zoo.onnx.proto.Onnx;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an untrusted ONNX file and checks its graph before anything runs it. ONNX Runtime trusts a
 * model's attributes: negative pads corrupt its heap and zero strides raise SIGFPE, both killing
 * the JVM. So every file Graft hands to ONNX Runtime (and every file it rebuilds as blocks) passes
 * here first: the file must parse completely; nodes must come in topological order (no cycles,
 * every input defined before it is read, every output defined once); {@code pads} must be
 * {@code >= 0}, {@code strides}, {@code dilations}, {@code kernel_shape} and {@code group}
 * {@code >= 1}, with lengths that agree; a convolution's weight must have as many output channels
 * as a multiple of {@code group}, and as many input channels as its input declares; declared
 * dimensions and initializer sizes must be non-negative and agree with their data. The model is
 * parsed without the fields Graft's ONNX subset does not know, so what ONNX Runtime later sees
 * is exactly what was checked.
 */
public final class OnnxModelCheck {

    /** Protobuf messages cannot exceed 2 GiB; larger ONNX models keep weights as external data. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE;

    /** The largest pad, stride, dilation or kernel side accepted: far above any real network's. */
    private static final long MAX_WINDOW = 1 << 16;

    /** The largest image side an ONNX backbone may declare: far above what image classifiers use. */
    public static final int MAX_SIDE = 4096;

    /** Parsing an ONNX file takes up to about this many times its size in heap (buffers, then messages). */
    public static final int PARSE_FACTOR = 3;

    /** How deeply control-flow subgraphs ({@code If}, {@code Loop}) may nest. */
    private static final int MAX_SUBGRAPH_DEPTH = 16;

    private static final Parser<Onnx.ModelProto> PARSER = DiscardUnknownFieldsParser.wrap(Onnx.ModelProto.parser());

    /** Where a convolution-like operator keeps its weight, by input position. */
    private static final Map<String, Integer> WEIGHT_INPUT = Map.of("Conv", 1, "ConvInteger", 1, "ConvTranspose", 1, "QLinearConv", 3);

    private OnnxModelCheck() {}

    /**
     * Reads and checks a file.
     *
     * @param file the {@code .onnx} file
     * @return the model, without fields outside Graft's ONNX subset
     * @throws WeightImportException naming the file (and node and attribute) if it is empty,
     *     truncated, not ONNX, too large, or its graph fails a check
     */
    public static Onnx.ModelProto read(Path file) throws WeightImportException {
        long size = size(file);
        if (size == 0) {
            throw new WeightImportException(file + ": the file is empty; give an .onnx model file.");
        }
        if (size > MAX_FILE_BYTES) {
            throw new WeightImportException(file + ": " + size + " bytes is over the 2 GiB an ONNX file can hold inline;"
                    + " Graft does not read external-data ONNX models. Export a smaller model or use .safetensors weights.");
        }
        requireHeapToParse(file);
        Onnx.ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = PARSER.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new WeightImportException(file + ": not a complete ONNX model (truncated, or not ONNX at all): "
                    + e.getMessage().split("(?<=\\.)\\s", 2)[0] + " Export the model again.", e);
        } catch (IOException e) {
            throw new WeightImportException(file + ": cannot read: " + e.getMessage(), e);
        }
        check(model, file.toString());
        return model;
    }

    /**
     * Refuses a file whose parsing could not fit in the heap: protobuf holds the file's bytes and
     * then its messages, about {@value #PARSE_FACTOR} times its size in all.
     *
     * @param file the {@code .onnx} file
     * @throws WeightImportException naming the file if the heap is too small, or it cannot be read
     */
    public static void requireHeapToParse(Path file) throws WeightImportException {
        long size = size(file);
        try {
            HeapBudget.require(PARSE_FACTOR * size, file + ": reading this ONNX model");
        } catch (IOException e) {
            throw new WeightImportException(e.getMessage(), e);
        }
    }

    private static long size(Path file) throws WeightImportException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new WeightImportException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Parses serialised model bytes (without unknown fields) and checks them.
     *
     * @param bytes the model
     * @param origin how to name it in messages
     * @return the model, re-parsed without fields outside Graft's ONNX subset
     * @throws WeightImportException if the bytes are not a complete ONNX model or fail a check
     */
    public static Onnx.ModelProto parse(byte[] bytes, String origin) throws WeightImportException {
        Onnx.ModelProto model;
        try {
            model = PARSER.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new WeightImportException(origin + ": not a complete ONNX model: " + e.getMessage(), e);
        }
        check(model, origin);
        return model;
    }

    /**
     * Checks a model's graph.
     *
     * @param model the model
     * @param origin the file, for messages
     * @throws WeightImportException naming the file, the node (name and operator) and the attribute
     *     or tensor at fault, and what to do
     */
    public static void check(Onnx.ModelProto model, String origin) throws WeightImportException {
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new WeightImportException(origin + ": not an ONNX model (it has no graph nodes); give an exported .onnx model.");
        }
        Onnx.GraphProto graph = model.getGraph();
        if (graph.getInputCount() == 0) {
            throw new WeightImportException(origin + ": the ONNX graph declares no input; export the model with its image input.");
        }
        new Scope(origin, Set.of(), 0).check(graph);
        for (Onnx.FunctionProto function : model.getFunctionsList()) {
            new Scope(origin + ": function '" + function.getName() + "'", Set.of(), 0).check(function);
        }
    }

    /**
     * Reads the image side from the graph's first input ({@code [N, 3, H, W]}), or 224 when the
     * input does not declare it (or declares it dynamic).
     *
     * @param model a checked model
     * @param origin the file, for messages
     * @return the side, from 1 to {@value #MAX_SIDE}
     * @throws WeightImportException if the declared side is outside that range
     */
    public static int inputSide(Onnx.ModelProto model, String origin) throws WeightImportException {
        Onnx.ValueInfoProto input = model.getGraph().getInput(0);
        Onnx.TensorShapeProto shape = input.getType().getTensorType().getShape();
        if (shape.getDimCount() != 4 || !shape.getDim(3).hasDimValue() || shape.getDim(3).getDimValue() <= 0) {
            return 224; // not declared, or declared dynamic (0 or -1 by some exporters)
        }
        long side = shape.getDim(3).getDimValue();
        if (side > MAX_SIDE) {
            throw new WeightImportException(origin + ": the graph input '" + input.getName() + "' declares images of side " + side
                    + "; Graft runs sides from 1 to " + MAX_SIDE + ". Export the model with a usual input size such as 224.");
        }
        return (int) side;
    }

    /** The names visible in one graph (and the graphs around it), and the checks of its nodes. */
    private record Scope(String origin, Set<String> outer, int depth) {

        void check(Onnx.GraphProto graph) throws WeightImportException {
            Set<String> defined = new HashSet<>(outer);
            Map<String, Onnx.TensorProto> initializers = new java.util.HashMap<>();
            Map<String, Onnx.TensorShapeProto> declared = new java.util.HashMap<>();
            for (Onnx.TensorProto t : graph.getInitializerList()) {
                checkInitializer(t);
                initializers.put(t.getName(), t);
                defined.add(t.getName());
            }
            for (Onnx.ValueInfoProto v : graph.getInputList()) {
                declared.put(v.getName(), checkShape(v, "input"));
                defined.add(v.getName());
            }
            for (Onnx.ValueInfoProto v : graph.getOutputList()) {
                checkShape(v, "output");
            }
            for (Onnx.ValueInfoProto v : graph.getValueInfoList()) {
                checkShape(v, "value");
            }
            checkNodes(graph.getNodeList(), defined, initializers, declared);
            for (Onnx.ValueInfoProto v : graph.getOutputList()) {
                checkDefined(v.getName(), defined, "graph output");
            }
        }

        /** Checks a model-local function: its nodes, in the scope of its inputs. */
        void check(Onnx.FunctionProto function) throws WeightImportException {
            Set<String> defined = new HashSet<>(function.getInputList());
            checkNodes(function.getNodeList(), defined, Map.of(), Map.of());
            for (String output : function.getOutputList()) {
                checkDefined(output, defined, "function output");
            }
        }

        private void checkDefined(String name, Set<String> defined, String kind) throws WeightImportException {
            if (!defined.contains(name)) {
                throw new WeightImportException(origin + ": " + kind + " '" + name + "' is computed by no node;"
                        + " export the model again.");
            }
        }

        private void checkNodes(List<Onnx.NodeProto> nodes, Set<String> defined, Map<String, Onnx.TensorProto> initializers,
                Map<String, Onnx.TensorShapeProto> declared) throws WeightImportException {
            Set<String> producedLater = new HashSet<>();
            nodes.forEach(n -> producedLater.addAll(n.getOutputList()));
            for (Onnx.NodeProto node : nodes) {
                String where = origin + ": node '" + node.getName() + "' (" + node.getOpType() + ")";
                for (String input : node.getInputList()) {
                    if (!input.isEmpty() && !defined.contains(input)) {
                        throw new WeightImportException(where + (producedLater.contains(input)
                                ? " reads '" + input + "' before any node computes it (the graph has a cycle or is out of order);"
                                : " reads '" + input + "', which no input, initializer or node provides;")
                                + " the file was not run. Export the model again.");
                    }
                }
                checkAttributes(node, where, initializers, declared, defined);
                for (String output : node.getOutputList()) {
                    if (!output.isEmpty() && !defined.add(output)) {
                        throw new WeightImportException(where + " writes '" + output + "', which is already defined;"
                                + " each tensor must have one producer. Export the model again.");
                    }
                }
            }
        }

        private Onnx.TensorShapeProto checkShape(Onnx.ValueInfoProto value, String kind) throws WeightImportException {
            Onnx.TensorShapeProto shape = value.getType().getTensorType().getShape();
            for (Onnx.TensorShapeProto.Dimension d : shape.getDimList()) {
                if (d.hasDimValue() && d.getDimValue() < -1) { // some exporters write -1 for a dynamic dimension
                    throw new WeightImportException(origin + ": graph " + kind + " '" + value.getName() + "' declares dimension "
                            + d.getDimValue() + "; dimensions must be >= 0 (or -1 for a dynamic one). Export the model again.");
                }
            }
            return shape;
        }

        private void checkInitializer(Onnx.TensorProto t) throws WeightImportException {
            String where = origin + ": initializer '" + t.getName() + "'";
            long count = 1;
            for (long d : t.getDimsList()) {
                if (d < 0) {
                    throw new WeightImportException(where + " has dimension " + d + " in " + t.getDimsList()
                            + "; dimensions must be >= 0. Export the model again.");
                }
                try {
                    count = Math.multiplyExact(count, d);
                } catch (ArithmeticException e) {
                    throw new WeightImportException(where + " has shape " + t.getDimsList() + ", more elements than any file can hold;"
                            + " export the model again.", e);
                }
            }
            int itemSize = itemSize(t.getDataType());
            if (!t.getRawData().isEmpty() && itemSize > 0 && t.getRawData().size() != count * itemSize) {
                throw new WeightImportException(where + " has shape " + t.getDimsList() + " (" + count + " values of " + itemSize
                        + " bytes) but holds " + t.getRawData().size() + " bytes; export the model again.");
            }
            if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
                throw new WeightImportException(where + " keeps its data in an external file, which Graft does not read;"
                        + " save the model with all tensors inside the file.");
            }
            int typed = t.getFloatDataCount() + t.getInt32DataCount() + t.getInt64DataCount() + t.getDoubleDataCount()
                    + t.getUint64DataCount() + t.getStringDataCount();
            if (t.getRawData().isEmpty() && typed != count) {
                throw new WeightImportException(where + " has shape " + t.getDimsList() + " (" + count + " values) but holds "
                        + typed + " values; export the model again.");
            }
        }

        private void checkAttributes(Onnx.NodeProto node, String where, Map<String, Onnx.TensorProto> initializers,
                Map<String, Onnx.TensorShapeProto> declared, Set<String> defined) throws WeightImportException {
            Map<String, List<Long>> ints = new java.util.HashMap<>();
            for (Onnx.AttributeProto a : node.getAttributeList()) {
                List<Long> values = a.getName().equals("group") ? List.of(a.getI())
                        : a.getIntsCount() > 0 ? a.getIntsList() : a.hasI() ? List.of(a.getI()) : List.of();
                ints.put(a.getName(), values);
                long least = switch (a.getName()) {
                    case "pads" -> node.getOpType().equals("Pad") ? -MAX_WINDOW : 0; // Pad-2 crops with negative pads
                    case "output_padding" -> 0;
                    case "strides", "dilations", "kernel_shape", "group" -> 1;
                    default -> Long.MIN_VALUE;
                };
                for (long v : values) {
                    if (least != Long.MIN_VALUE && (v < least || v > MAX_WINDOW)) {
                        throw new WeightImportException(where + " has " + a.getName() + " " + values + "; " + a.getName()
                                + " must be between " + least + " and " + MAX_WINDOW + ". The file was not run; export the model again.");
                    }
                }
                if (a.hasG() || a.getGraphsCount() > 0) {
                    checkSubgraphs(a, where, defined);
                }
            }
            List<Long> kernel = ints.get("kernel_shape");
            List<Long> pads = ints.get("pads");
            if (pads != null && (pads.size() % 2 != 0 || kernel != null && pads.size() != 2 * kernel.size())) {
                throw new WeightImportException(where + " has pads " + pads + ", which does not give a begin and end for each of the "
                        + (kernel == null ? "" : kernel.size() + " ") + "spatial axes; export the model again.");
            }
            for (String name : List.of("strides", "dilations")) {
                List<Long> values = ints.get(name);
                if (values != null && kernel != null && values.size() != kernel.size()) {
                    throw new WeightImportException(where + " has " + name + " " + values + " for kernel_shape " + kernel
                            + "; they must have one value per spatial axis. Export the model again.");
                }
            }
            Integer weightAt = WEIGHT_INPUT.get(node.getOpType());
            if (weightAt != null && node.getInputCount() > weightAt) {
                Onnx.TensorProto weight = initializers.get(node.getInput(weightAt));
                long group = ints.getOrDefault("group", List.of(1L)).stream().findFirst().orElse(1L);
                if (weight != null) {
                    checkWeight(node, where, weight, kernel, group, declared.get(node.getInput(0)));
                }
            }
        }

        private void checkWeight(Onnx.NodeProto node, String where, Onnx.TensorProto weight, List<Long> kernel, long group,
                Onnx.TensorShapeProto input) throws WeightImportException {
            List<Long> dims = weight.getDimsList();
            if (dims.size() < 3 || dims.get(0) == 0 || dims.get(1) == 0) {
                throw new WeightImportException(where + " has weight '" + weight.getName() + "' of shape " + dims
                        + "; a convolution weight is [out, in/group, k...] with no empty axis. Export the model again.");
            }
            if (kernel != null && !kernel.equals(dims.subList(2, dims.size()))) {
                throw new WeightImportException(where + " has kernel_shape " + kernel + " but its weight '" + weight.getName()
                        + "' is " + dims + "; export the model again.");
            }
            boolean transposed = node.getOpType().equals("ConvTranspose");
            if (dims.get(0) % group != 0) {
                throw new WeightImportException(where + " has group " + group + ", which does not divide the " + dims.get(0)
                        + " channels of its weight '" + weight.getName() + "' " + dims + "; export the model again.");
            }
            if (input != null && input.getDimCount() == dims.size() && input.getDim(1).hasDimValue()) {
                long channels = input.getDim(1).getDimValue();
                long expected = transposed ? dims.get(0) : dims.get(1) * group;
                if (channels != expected) {
                    throw new WeightImportException(where + " reads " + channels + " channels from '" + node.getInput(0)
                            + "' but its weight '" + weight.getName() + "' " + dims + " with group " + group + " expects "
                            + expected + "; export the model again.");
                }
            }
        }

        private void checkSubgraphs(Onnx.AttributeProto attribute, String where, Set<String> defined) throws WeightImportException {
            if (depth >= MAX_SUBGRAPH_DEPTH) {
                throw new WeightImportException(where + " nests subgraphs more than " + MAX_SUBGRAPH_DEPTH
                        + " deep in attribute " + attribute.getName() + "; Graft does not run such files.");
            }
            // A subgraph may read the names defined so far in the graphs around it.
            List<Onnx.GraphProto> graphs = new java.util.ArrayList<>(attribute.getGraphsList());
            if (attribute.hasG()) {
                graphs.add(attribute.getG());
            }
            for (Onnx.GraphProto g : graphs) {
                new Scope(origin, Set.copyOf(defined), depth + 1).check(g);
            }
        }
    }

    /** Bytes per element of fixed-size ONNX types, or 0 for strings and unknown types. */
    private static int itemSize(int dataType) {
        return switch (dataType) {
            case 1, 6, 12 -> 4; // float, int32, uint32
            case 2, 3, 9 -> 1; // uint8, int8, bool
            case 4, 5, 10, 16 -> 2; // uint16, int16, float16, bfloat16
            case 7, 11, 13 -> 8; // int64, double, uint64
            default -> 0;
        };
    }
}
