package dev.graft.tests;

import dev.graft.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs the {@code graft} command in-process and captures its output. */
final class GraftCli {

    /**
     * What a run printed and returned.
     *
     * @param exitCode the exit code
     * @param out standard output
     * @param err standard error
     */
    record Result(int exitCode, String out, String err) {}

    private GraftCli() {}

    /**
     * The arguments of a small, fast fine-tune: ResNet-18 cut at layer2 with its stem frozen, 32
     * pixel images, batches of 16, on the CPU.
     *
     * @param data the training data
     * @param more further arguments
     * @return {@code finetune} and the arguments
     */
    static String[] quickFinetune(Path data, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("finetune", "--data", data.toString(), "--arch",
                "resnet18", "--cut", "layer2", "--freeze", "stem", "--image-size", "32", "--batch-size", "16", "--device", "cpu"));
        args.addAll(java.util.List.of(more));
        return args.toArray(String[]::new);
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.graft().run(args, o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
