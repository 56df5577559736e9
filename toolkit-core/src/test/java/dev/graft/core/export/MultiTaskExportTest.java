package dev.graft.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.graft.core.model.HeadSpec;
import dev.graft.core.model.TransferModel;
import dev.graft.core.model.TransferModels;
import dev.graft.zoo.arch.ResNet;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.onnx.OnnxExporter;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One trunk, a head per task: the export has two outputs per task and matches PyTorch on ONNX Runtime. */
class MultiTaskExportTest {

    @Test
    void multiTaskExport_hasOneOutputPerTask_matchingThePyTorchHeads() throws Exception {
        int side = 64;
        float[] pixels = new float[2 * 3 * side * side];
        Random random = new Random(4);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        Map<String, Block> heads = new LinkedHashMap<>();
        Map<String, Integer> widths = new LinkedHashMap<>();
        Map<String, float[]> expected = new LinkedHashMap<>();
        byte[] onnx;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(2);
            TransferModel model = TransferModels.build(ResNet.resnet18(), "layer2", HeadSpec.LINEAR, 2);
            TransferModels.initialize(model, manager, side);
            model.freezeFirst(model.trunkNames().size());
            NamedSequential trunk = new NamedSequential();
            model.trunkNames().forEach(n -> trunk.add(n, model.getChildren().get(n)));
            Shape features = trunk.getOutputShapes(new Shape[] {new Shape(2, 3, side, side)})[0];
            heads.put("diagnosis", TransferModels.head(HeadSpec.LINEAR, 2, true));
            heads.put("asymmetry", TransferModels.head(new HeadSpec("mlp", 16, 0.2f), 3, true));
            widths.put("diagnosis", 2);
            widths.put("asymmetry", 3);
            for (Block head : heads.values()) {
                head.setInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
                head.initialize(manager, DataType.FLOAT32, features);
            }
            try (NDManager scope = manager.newSubManager()) {
                ParameterStore store = new ParameterStore(scope, false);
                NDArray f = model.forwardFrozen(store, new NDList(scope.create(pixels, new Shape(2, 3, side, side)))).singletonOrThrow();
                for (Map.Entry<String, Block> head : heads.entrySet()) {
                    expected.put(head.getKey(), head.getValue().forward(store, new NDList(f), false).singletonOrThrow().softmax(1).toFloatArray());
                }
            }
            onnx = OnnxExporter.exportMultiTask(trunk, heads, widths, Map.of(), new OnnxExporter.Options(side, null, null, 17, "test", Map.of()))
                    .toByteArray();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {2, 3, side, side});
                OrtSession.Result result = session.run(Map.of("input", input))) {
            assertEquals(4, session.getOutputNames().size(), "logits and probabilities for each of two tasks");
            for (Map.Entry<String, float[]> task : expected.entrySet()) {
                float[][] p = (float[][]) result.get(task.getKey() + ".probabilities").orElseThrow().getValue();
                assertEquals(widths.get(task.getKey()), p[0].length);
                for (int i = 0; i < 2; i++) {
                    for (int c = 0; c < p[i].length; c++) {
                        assertTrue(Math.abs(p[i][c] - task.getValue()[i * p[i].length + c]) <= 1e-4, task.getKey());
                    }
                }
            }
        }
    }
}
