package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles and runs every {@code java} block of the README as written, so its examples cannot
 * drift from the API: a block's {@code import} lines become the class's imports and the rest the
 * body of {@code main}. They run in README order in one JVM whose working directory is a project
 * folder with {@code ../shared} beside it, as the README says to run them.
 */
class ReadmeJavaExamplesTest {

    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void readmeJavaBlocks_compileAndRun(@TempDir Path dir) throws Exception {
        Path shared = SharedAssets.require("weights/mobilenet_v2/weights.safetensors").getParent().getParent().getParent().getParent();
        SharedAssets.require("datasets/hymenoptera/val");
        List<String> blocks = javaBlocks(Files.readString(Path.of("..", "README.md")));
        assertTrue(blocks.size() >= 3, "the README shows fine-tuning, search and embedding from Java; found " + blocks.size() + " blocks");
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.createSymbolicLink(dir.resolve("shared"), shared);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Path source = dir.resolve("ReadmeExample" + (i + 1) + ".java");
            Files.writeString(source, asClass("ReadmeExample" + (i + 1), blocks.get(i)));
            sources.add(source.toString());
        }
        Path runner = dir.resolve("ReadmeExamples.java");
        Files.writeString(runner, runner(blocks.size()));
        sources.add(runner.toString());
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classPath));
        args.addAll(sources);
        assertEquals(0, compiler.run(null, null, null, args.toArray(String[]::new)), "a README Java block does not compile");
        String all = run("ReadmeExamples", classes + File.pathSeparator + classPath, project);
        System.out.println(all);
        Matcher accuracy = Pattern.compile("val accuracy (\\d\\.\\d+)").matcher(all);
        assertTrue(accuracy.find(), "the fine-tuning example prints its validation accuracy:\n" + all);
        assertTrue(Double.parseDouble(accuracy.group(1)) > 0.8, "ants vs bees on frozen ImageNet features: " + accuracy.group(1));
        assertTrue(all.contains("bees (p="), "the bee photo is predicted a bee:\n" + all);
        assertTrue(Files.size(project.resolve("runs/java-ants-bees/model.onnx")) > 1_000_000, "the ONNX export is written");
        assertTrue(Files.isRegularFile(project.resolve("runs/java-search/best.yaml")), "the search writes best.yaml");
        Matcher best = Pattern.compile("best \\{lr=[^}]+\\} (\\d\\.\\d+)").matcher(all);
        assertTrue(best.find() && Double.parseDouble(best.group(1)) > 0.7, "the search's best trial is well above chance (0.5):\n" + all);
        assertTrue(all.contains("embedding of 1280 floats, 2 in the batch"), all);
    }

    /** A class whose main runs every block's main in README order, in one JVM, timing each. */
    static String runner(int blocks) {
        StringBuilder runner = new StringBuilder("public class ReadmeExamples {\n    public static void main(String[] args) throws Exception {\n");
        for (int i = 1; i <= blocks; i++) {
            runner.append(String.format(Locale.ROOT, "        long start%d = System.nanoTime();%n        ReadmeExample%d.main(args);%n"
                    + "        System.out.printf(\"README Java block %d ran in %%.1f s%%n\", (System.nanoTime() - start%d) / 1e9);%n", i, i, i, i));
        }
        return runner.append("    }\n}\n").toString();
    }

    static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** Wraps a block: its import lines first, the rest as the body of {@code main}. */
    static String asClass(String name, String block) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : block.split("\n", -1)) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        return imports + "public class " + name + " {\n    public static void main(String[] args) throws Exception {\n" + body
                + "    }\n}\n";
    }

    private static String run(String mainClass, String classPath, Path workingDirectory) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx3g", "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classPath, mainClass)
                .directory(workingDirectory.toFile()).redirectErrorStream(true);
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().put("DJL_OFFLINE", "true");
        Process process = pb.start();
        byte[] output = process.getInputStream().readAllBytes();
        boolean done = process.waitFor(15, TimeUnit.MINUTES);
        String text = new String(output, StandardCharsets.UTF_8);
        assertTrue(done, mainClass + " did not finish");
        assertEquals(0, process.exitValue(), String.format(Locale.ROOT, "%s failed:%n%s", mainClass, text));
        return text;
    }
}
