package dev.graft.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Block;
import dev.graft.datasets.image.Normalization;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.arch.ArchitectureSpec;
import dev.graft.zoo.arch.CutPoint;
import dev.graft.zoo.arch.MobileNetV2;
import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.nn.StochasticDepth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --drop-path}: every stochastic-depth block of the built model gets rate × depth, or the option is refused. */
class DropPathTest {

    /** A small net with two drop-path blocks at relative depths 0.5 and 1, built at max rate 0.1. */
    private static final Architecture TINY = new Architecture() {
        @Override
        public ArchitectureSpec spec() {
            return new ArchitectureSpec("tiny_drop_path", 16, 16, Normalization.IMAGENET,
                    List.of(CutPoint.at("stem", "stem", 4, 1), CutPoint.at("pool", "pool", 4, 1)), "stem", "fc", 0);
        }

        @Override
        public NamedSequential build(int numClasses) {
            return new NamedSequential()
                    .add("stem", Layers.conv(4, 3, 1, 1, false))
                    .add("block1", new NamedSequential().add("conv", Layers.conv(4, 3, 1, 1, false)).add("drop", new StochasticDepth(0.5f, 0.1f)))
                    .add("block2", new NamedSequential().add("conv", Layers.conv(4, 3, 1, 1, false)).add("drop", new StochasticDepth(1f, 0.1f)))
                    .add("pool", Layers.globalAveragePool())
                    .add("fc", Layers.linear(numClasses));
        }
    };

    private static List<Float> rates(Block block) {
        List<Float> rates = new ArrayList<>();
        if (block instanceof StochasticDepth drop) {
            rates.add(drop.rate());
        }
        block.getChildren().values().forEach(child -> rates.addAll(rates(child)));
        return rates;
    }

    @Test
    void setDropPath_givesEveryBlockMaxRateTimesDepth() {
        TransferModel model = TransferModels.build(TINY, "pool", HeadSpec.LINEAR, 2);
        assertEquals(List.of(0.05f, 0.1f), rates(model), "the architecture's own rates");
        assertEquals(2, TransferModels.setDropPath(model, TINY, "pool", 0.3f));
        assertEquals(List.of(0.15f, 0.3f), rates(model));
        assertEquals(2, TransferModels.setDropPath(model, TINY, "pool", 0f));
        assertEquals(List.of(0f, 0f), rates(model));
    }

    @Test
    void setDropPath_onACutWithoutBlocks_isRefusedSayingCutDeeper() {
        TransferModel model = TransferModels.build(TINY, "stem", HeadSpec.LINEAR, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransferModels.setDropPath(model, TINY, "stem", 0.2f));
        assertEquals("drop-path 0.2: tiny_drop_path cut at stem keeps none of its stochastic-depth blocks; cut deeper, or leave"
                + " drop-path out.", e.getMessage());
    }

    @Test
    void setDropPath_onAnArchitectureWithoutBlocks_isRefusedNamingItAndThoseWithDropPath() {
        TransferModel model = TransferModels.build(new MobileNetV2(), "pool", HeadSpec.LINEAR, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransferModels.setDropPath(model, new MobileNetV2(), "pool", 0.2f));
        assertTrue(e.getMessage().startsWith("drop-path 0.2: mobilenet_v2 has no stochastic-depth (drop path) blocks; "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; leave drop-path out."), e.getMessage());
        for (String without : List.of("resnet18", "resnet50", "mobilenet_v2", "squeezenet1_1")) {
            assertTrue(!e.getMessage().contains(without + ",") && !e.getMessage().contains(without + ";"),
                    without + " has no drop path and is not listed: " + e.getMessage());
        }
    }
}
