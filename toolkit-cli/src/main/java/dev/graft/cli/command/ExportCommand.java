package dev.graft.cli.command;

import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.core.export.RunExport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code graft export}: a run's model as an ONNX file, checked against ONNX Runtime before it is kept. */
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
        return "write a run's model as ONNX (parity-checked on ONNX Runtime)";
    }

    @Override
    protected void declare(Options o) {
        arg(o, "run", "DIR", "run directory from graft finetune");
        arg(o, "out", "FILE", "the ONNX file (default DIR/model.onnx)");
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
        Path file = Path.of(line.getOptionValue("out", run.resolve("model.onnx").toString()));
        int opset = ConfigValues.integerOf("opset", line.getOptionValue("opset", "17"));
        try {
            RunExport.Result result = RunExport.export(run, file, opset, line.hasOption("with-preprocessing"));
            out.printf(Locale.ROOT, "wrote %s (%.1f MB, opset %d); PyTorch vs ONNX Runtime max_abs_diff=%.3e (limit %.0e)%n",
                    result.file(), result.bytes() / 1e6, opset, result.maxAbsDifference(), RunExport.TOLERANCE);
            return OK;
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }
}
