package dev.graft.cli.command;

import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.core.export.RunExport;
import dev.graft.core.export.TfjsExport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code graft export}: a run's model as an ONNX file, checked against ONNX Runtime before it is
 * kept, or with {@code --format tfjs} as a TensorFlow.js layers model, checked in Node's
 * {@code @tensorflow/tfjs} where that is available.
 */
public final class ExportCommand extends OptionsCommand {

    /** Creates the command. */
    public ExportCommand() {
        super("graft export");
    }

    @Override
    public String name() {
        return "export";
    }

    @Override
    public String summary() {
        return "write a run's model as ONNX or TensorFlow.js (parity-checked)";
    }

    @Override
    protected void declare(Options o) {
        arg(o, "run", "DIR", "run directory from graft finetune");
        arg(o, "format", "NAME", "onnx (default) or tfjs (a TensorFlow.js layers model: model.json + shards,"
                + " taking 0-1 RGB pixels)");
        arg(o, "out", "PATH", "the ONNX file (default DIR/model.onnx) or the TensorFlow.js folder (default DIR/tfjs)");
        arg(o, "opset", "N", "ONNX opset version, 11-21 (default 17)");
        flag(o, "with-preprocessing", "put the normalisation in the graph, so the file takes 0-1 RGB pixels");
    }

    @Override
    protected java.util.Set<String> requiredOptions() {
        return java.util.Set.of("run");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        Path run = Path.of(required(line, "run"));
        String format = line.getOptionValue("format", "onnx");
        if (format.equals("tfjs")) {
            if (line.hasOption("opset")) {
                throw new IllegalArgumentException("--opset applies to --format onnx only.");
            }
            return exportTfjs(run, Path.of(line.getOptionValue("out", run.resolve("tfjs").toString())), out);
        }
        if (!format.equals("onnx")) {
            throw new IllegalArgumentException("unknown --format '" + format + "'; use onnx or tfjs.");
        }
        Path file = Path.of(line.getOptionValue("out", run.resolve("model.onnx").toString()));
        int opset = ConfigValues.integerOf("opset", line.getOptionValue("opset", "17"));
        try {
            RunExport.Result result = RunExport.export(run, file, opset, line.hasOption("with-preprocessing"));
            out.printf(Locale.ROOT, "wrote %s (%.1f MB, opset %d); PyTorch vs ONNX Runtime max_abs_diff=%.3e (limit %.0e)%n",
                    result.file(), result.bytes() / 1e6, opset, result.maxAbsDifference(), RunExport.TOLERANCE);
            if (result.metadata().containsKey("graft.metadata_features")) {
                out.println("inputs: image [N, 3, " + result.metadata().get("graft.input_size") + ", " + result.metadata().get("graft.input_size")
                        + "] and metadata [N, D] float, D entries " + result.metadata().get("graft.metadata_features")
                        + " (encoding in the metadata_props graft.metadata)");
            }
            return OK;
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    private static int exportTfjs(Path run, Path dir, PrintStream out) throws CommandFailure {
        try {
            TfjsExport.Result result = TfjsExport.export(run, dir);
            out.printf(Locale.ROOT, "wrote %s (model.json + %d shard%s, %.1f MB, TensorFlow.js layers model)%n", result.dir(),
                    result.files().size() - 1, result.files().size() == 2 ? "" : "s", result.bytes() / 1e6);
            if (result.skipped() == null) {
                out.printf(Locale.ROOT, "Graft vs TensorFlow.js (@tensorflow/tfjs %s in Node) max_abs_diff=%.3e (limit %.0e)%n",
                        dev.graft.core.export.TfjsNode.VERSION, result.maxAbsDifference(), RunExport.TOLERANCE);
            } else {
                out.println("TensorFlow.js check skipped: " + result.skipped() + "; the model was written unchecked.");
            }
            return OK;
        } catch (IOException | UnsupportedOperationException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }
}
