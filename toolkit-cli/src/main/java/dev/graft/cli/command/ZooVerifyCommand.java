package dev.graft.cli.command;

import ai.djl.ndarray.NDManager;
import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.zoo.arch.PretrainedNetwork;
import dev.graft.zoo.verify.ParityResult;
import dev.graft.zoo.verify.ReferenceVerifier;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code graft zoo verify}: loads weights into an architecture and compares its outputs with
 * reference outputs, printing {@code max_abs_diff}, {@code max_abs_ref} and {@code rel_diff} per
 * pair; exits 1 if any {@code rel_diff} exceeds the tolerance.
 */
public final class ZooVerifyCommand extends OptionsCommand {

    /** Creates the command. */
    public ZooVerifyCommand() {
        super("graft zoo verify");
    }

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "check imported weights reproduce reference outputs";
    }

    @Override
    protected void declare(Options options) {
        arg(options, "arch", "A", "architecture name (see graft zoo list), or onnx to rebuild --weights model.onnx as blocks");
        arg(options, "weights", "FILE|URL", ".safetensors, .pth, .pt, .onnx file or djl:// URL");
        arg(options, "reference", "DIR", "folder of input_N.npy / output_N.npy pairs");
        arg(options, "tolerance", "X", "largest acceptable rel_diff (default 1e-5)");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        String weights = required(line, "weights");
        var architecture = dev.graft.core.model.Architectures.resolve(required(line, "arch"), weights);
        Path reference = Path.of(required(line, "reference"));
        double tolerance = parseTolerance(line.getOptionValue("tolerance", "1e-5"));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            PretrainedNetwork loaded = PretrainedNetwork.load(architecture, weights, manager);
            out.printf(
                    "loaded %d tensors %s from %s%n",
                    loaded.report().loaded(), loaded.report().matching(), loaded.report().source());
            List<ParityResult> results = ReferenceVerifier.verify(loaded.network(), manager, reference);
            boolean pass = true;
            for (ParityResult r : results) {
                out.printf(
                        Locale.ROOT,
                        "%s max_abs_diff=%.3e max_abs_ref=%.3e rel_diff=%.3e%n",
                        r.name(), r.maxAbsDiff(), r.maxAbsRef(), r.relDiff());
                pass &= r.relDiff() <= tolerance;
            }
            out.println(pass ? "PASS (rel_diff <= " + tolerance + ")" : "FAIL (rel_diff > " + tolerance + ")");
            return pass ? OK : FAILURE;
        } catch (WeightImportException | IOException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    private static double parseTolerance(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--tolerance must be a number, got '" + text + "'.", e);
        }
    }
}
