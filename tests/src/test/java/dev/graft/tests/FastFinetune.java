package dev.graft.tests;

import dev.graft.datasets.synthetic.SyntheticLesions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast fine-tune command-line tests share: 64 synthetic lesions at 32 px, resnet18 cut at
 * layer2 with its stem frozen, batches of 16 on the CPU; a run of a few epochs takes seconds.
 */
final class FastFinetune {

    private FastFinetune() {}

    /**
     * Generates the lesions.
     *
     * @param dir where they go
     * @return their manifest
     * @throws IOException if they cannot be written
     */
    static Path lesions(Path dir) throws IOException {
        return new SyntheticLesions(64, 32, 5).generate(dir);
    }

    /**
     * The arguments of {@code graft finetune} on some data, then more.
     *
     * @param data the manifest
     * @param more further arguments (a repeated option's last value wins)
     * @return the arguments
     */
    static String[] args(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("finetune", "--data", data.toString(), "--arch", "resnet18", "--cut", "layer2",
                "--freeze", "stem", "--image-size", "32", "--batch-size", "16", "--device", "cpu"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
