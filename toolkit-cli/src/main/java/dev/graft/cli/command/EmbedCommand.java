package dev.graft.cli.command;

import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.core.embed.Embedder;
import dev.graft.core.tensorboard.ProjectorWriter;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.io.AtomicFiles;
import dev.graft.datasets.io.CsvTable;
import dev.graft.datasets.io.ImageFolderReader;
import dev.graft.datasets.io.Npy;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code graft embed}: feature vectors for every image under a folder (or given files), from a
 * backbone cut at a named point or from a run's trunk, as CSV ({@code path,f0,f1,…}) or NPY (with
 * the paths, in row order, in {@code FILE.paths.txt}).
 */
public final class EmbedCommand extends OptionsCommand {

    /** Creates the command. */
    public EmbedCommand() {
        super("graft embed");
    }

    @Override
    public String name() {
        return "embed";
    }

    @Override
    public String summary() {
        return "turn images into feature vectors (CSV or NPY)";
    }

    @Override
    protected void declare(Options o) {
        arg(o, "arch", "A", "architecture (graft zoo list); or give --run");
        arg(o, "weights", "FILE|URL", "pretrained weights for --arch");
        arg(o, "cut", "P", "cut point (default pool)");
        arg(o, "image-size", "N", "input side (default: the architecture's)");
        arg(o, "run", "DIR", "use a trained run's trunk instead of --arch/--weights/--cut");
        arg(o, "data", "PATH", "a folder of images (searched recursively), or give image files");
        arg(o, "out", "FILE", "output .csv or .npy");
        arg(o, "engine", "E", "pytorch or onnxruntime (default pytorch)");
        arg(o, "batch-size", "N", "images per forward pass (default 32)");
        arg(o, "device", "D", "auto, cpu, cuda or cuda:N, PyTorch engine (default auto)");
        arg(o, "tensorboard", "DIR", "also write a TensorBoard Embedding Projector folder (tensors, labels, sprite)");
    }

    @Override
    protected java.util.Set<String> requiredOptions() {
        return java.util.Set.of("out");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        Path target = Path.of(required(line, "out"));
        String name = target.getFileName().toString();
        if (!name.endsWith(".csv") && !name.endsWith(".npy")) {
            throw new IllegalArgumentException("--out must end in .csv or .npy, got " + name);
        }
        List<Path> files = files(line);
        Embedder.Builder builder = Embedder.builder().optEngine(Embedder.Engine.parse(line.getOptionValue("engine", "pytorch")))
                .optBatchSize(ConfigValues.integerOf("batch-size", line.getOptionValue("batch-size", "32")))
                .optDevice(line.getOptionValue("device", "auto"));
        if (line.hasOption("run")) {
            builder.optRun(Path.of(line.getOptionValue("run")));
        } else {
            builder.optArchitecture(required(line, "arch")).optWeights(line.getOptionValue("weights"))
                    .optCut(line.getOptionValue("cut", "pool"))
                    .optImageSize(ConfigValues.integerOf("image-size", line.getOptionValue("image-size", "0")));
        }
        long start = System.nanoTime();
        try (Embedder embedder = builder.build()) {
            if (!line.hasOption("run")) {
                RandomBackboneWarning.warnIfRandom(line.getOptionValue("arch"), line.getOptionValue("weights"), err);
            }
            float[][] vectors = embedder.embedFiles(files);
            if (name.endsWith(".npy")) {
                Npy.write(target, vectors);
                AtomicFiles.write(target.resolveSibling(name + ".paths.txt"),
                        (String.join("\n", files.stream().map(Path::toString).toList()) + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                StringBuilder csv = new StringBuilder("path");
                for (int j = 0; j < embedder.dimension(); j++) {
                    csv.append(",f").append(j);
                }
                csv.append('\n');
                for (int i = 0; i < vectors.length; i++) {
                    csv.append(CsvTable.quote(files.get(i).toString()));
                    for (float v : vectors[i]) {
                        csv.append(',').append(v);
                    }
                    csv.append('\n');
                }
                AtomicFiles.write(target, csv.toString().getBytes(StandardCharsets.UTF_8));
            }
            out.printf(Locale.ROOT, "wrote %d vectors of %d to %s (%.1f images/s)%n", vectors.length, embedder.dimension(), target,
                    vectors.length / ((System.nanoTime() - start) / 1e9));
            if (line.hasOption("tensorboard")) {
                Path projector = Path.of(line.getOptionValue("tensorboard"));
                ProjectorWriter.write(projector, vectors, files.stream().map(f -> f.getParent() == null ? "" : f.getParent().getFileName().toString())
                        .toList(), files);
                out.println("wrote the Embedding Projector folder " + projector + " (tensorboard --logdir " + projector + ", Projector tab)");
            }
            return OK;
        } catch (IOException | DatasetException | WeightImportException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    private static List<Path> files(CommandLine line) throws CommandFailure {
        List<Path> files = new ArrayList<>(line.getArgList().stream().map(Path::of).toList());
        String data = line.getOptionValue("data");
        if (data != null) {
            Path root = Path.of(data);
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("--data " + root + " is not a folder; give a folder or image files.");
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).filter(ImageFolderReader::isImage).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new CommandFailure("cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no images: give --data FOLDER or image files.");
        }
        return files;
    }
}
