package dev.graft.zoo.arch;

import dev.graft.zoo.nn.Layers;
import dev.graft.zoo.nn.NamedSequential;
import java.util.List;

/** Cuts a full network at a cut point, keeping torchvision's names for what remains. */
public final class Backbones {

    private Backbones() {}

    /**
     * Returns the trunk up to a cut point. The trunk shares its blocks (and so its parameters)
     * with the full network: weights loaded into one are in the other.
     *
     * @param full the network from {@link Architecture#build(int)}
     * @param cut the cut point
     * @return a network running the full one's modules up to and including {@code cut.module()},
     *     followed by a global average pool if the cut point asks for one
     */
    public static NamedSequential cut(NamedSequential full, CutPoint cut) {
        List<String> names = full.names();
        int last = names.indexOf(cut.module());
        if (last < 0) {
            throw new IllegalArgumentException(
                    "cut point " + cut.name() + " names module " + cut.module() + ", which the network lacks");
        }
        NamedSequential trunk = new NamedSequential();
        for (int i = 0; i <= last; i++) {
            trunk.add(names.get(i), full.child(names.get(i)));
        }
        if (cut.appendPool()) {
            trunk.add("pool", Layers.globalAveragePool());
        }
        return trunk;
    }
}
