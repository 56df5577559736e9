package dev.graft.tests;

import dev.graft.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the {@code graft} command and captures its output: in-process, or in a process of its own
 * with a small heap, for inputs that reach native code or could exhaust memory.
 */
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

    /**
     * Runs {@code graft} through its launcher in a JVM of its own with {@code -Xmx512m}, as a user runs it,
     * so a native crash or an OutOfMemoryError shows as that process failing, not as the test
     * JVM dying. Fails the test if the JVM crashed (a crash log appeared or the exit code is a
     * signal's). The crash log goes to a temporary folder (the launcher writes it under {@code TMPDIR}).
     *
     * @param args the command line
     * @return what the process printed and returned
     */
    static Result runInOwnProcess(String... args) throws Exception {
        return runInOwnProcess(Map.of(), args);
    }

    /**
     * As {@link #runInOwnProcess(String...)}, with extra environment variables.
     *
     * @param environment variables to set for the process, e.g. {@code LANG}
     * @param args the command line
     * @return what the process printed and returned
     */
    static Result runInOwnProcess(Map<String, String> environment, String... args) throws Exception {
        Path crashDir = Files.createTempDirectory("graft-crash");
        Path launcher = Path.of("..", "graft").toAbsolutePath().normalize();
        if (!Files.isRegularFile(launcher)) {
            throw new AssertionError("the launcher " + launcher + " is missing; run the tests from the tests module");
        }
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("GRAFT_CLASSPATH", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        builder.environment().put("GRAFT_JAVA_OPTS", "-Xmx512m");
        builder.environment().put("TMPDIR", crashDir.toString());
        builder.environment().putAll(environment);
        Process process = builder.redirectOutput(crashDir.resolve("out.txt").toFile())
                .redirectError(crashDir.resolve("err.txt").toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("graft " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        String out = Files.readString(crashDir.resolve("out.txt"), StandardCharsets.UTF_8);
        String err = Files.readString(crashDir.resolve("err.txt"), StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(crashDir)) {
            List<Path> crashes = files.filter(f -> f.getFileName().toString().contains("hs_err")).toList();
            if (!crashes.isEmpty() || process.exitValue() > 128) {
                throw new AssertionError("the JVM crashed (exit " + process.exitValue() + ", " + crashes + "): " + err);
            }
        }
        // Nothing crashed: the folder holds only the two captures, so it goes (a crash keeps it for inspection).
        Files.delete(crashDir.resolve("out.txt"));
        Files.delete(crashDir.resolve("err.txt"));
        Files.delete(crashDir);
        return new Result(process.exitValue(), out, err);
    }
}
