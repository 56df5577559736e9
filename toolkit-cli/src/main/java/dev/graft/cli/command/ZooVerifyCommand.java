package dev.graft.cli.command;

import ai.djl.ndarray.NDManager;
import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.zoo.arch.ArchitectureRegistry;
import dev.graft.zoo.arch.PretrainedNetwork;
import dev.graft.zoo.verify.FeatureParity;
import dev.graft.zoo.verify.ParityFolder;
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
 * pair, and, where the reference folder holds {@code features_N.npy}, the same for the output of
 * the cut point with the features' shape; exits 1 if any {@code rel_diff} exceeds its tolerance.
 * Without {@code --reference}, or given a parity folder (with {@code meta.json}), it picks the
 * reference folder matching the weights file ({@link ParityFolder}); without {@code --arch}, it
 * takes the architecture that folder's {@code meta.json} names.
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
        arg(options, "arch", "A", "architecture name (see graft zoo list), onnx to rebuild --weights model.onnx as blocks, or keras"
                + " for a Keras .h5 / .keras or TF.js model.json (its NHWC references read as such);"
                + " default: the name in the parity folder's meta.json");
        arg(options, "weights", "FILE|URL", ".safetensors, .pth, .pt, .onnx, .h5, .keras or model.json file, djl:// or hf:// URL");
        arg(options, "reference", "DIR", "folder of input_N.npy / output_N.npy (/ features_N.npy) files, or a parity folder"
                + " holding meta.json and reference/; default: the weights file's folder if it is a parity folder");
        arg(options, "tolerance", "X", "largest acceptable rel_diff of outputs (default " + ReferenceVerifier.DEFAULT_TOLERANCE + ")");
        arg(options, "feature-tolerance", "X", "largest acceptable rel_diff of features_N.npy (default "
                + ReferenceVerifier.DEFAULT_FEATURE_TOLERANCE + ")");
    }

    @Override
    protected java.util.Set<String> requiredOptions() {
        return java.util.Set.of("weights");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        String weights = required(line, "weights");
        double tolerance = parseTolerance("tolerance", line.getOptionValue("tolerance"), ReferenceVerifier.DEFAULT_TOLERANCE);
        double featureTolerance = parseTolerance("feature-tolerance", line.getOptionValue("feature-tolerance"),
                ReferenceVerifier.DEFAULT_FEATURE_TOLERANCE);
        Path reference;
        String arch;
        try {
            reference = ParityFolder.referenceDir(weights, line.hasOption("reference") ? Path.of(line.getOptionValue("reference")) : null);
            arch = line.hasOption("arch") ? line.getOptionValue("arch") : ParityFolder.architectureName(reference)
                    .filter(name -> ArchitectureRegistry.REGISTRY.entries().containsKey(name))
                    .orElseThrow(() -> new IllegalArgumentException("--arch is required: " + reference
                            + " has no meta.json naming a registered architecture."));
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        var architecture = dev.graft.core.model.Architectures.resolve(arch, weights);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            PretrainedNetwork loaded = PretrainedNetwork.load(architecture, weights, manager);
            out.printf("loaded %d tensors %s from %s into %s; references in %s%n", loaded.report().loaded(),
                    loaded.report().matching(), loaded.report().source(), arch, reference);
            boolean pass = true;
            boolean channelsLast = architecture.channelsLastReferences();
            for (ParityResult r : ReferenceVerifier.verify(loaded.network(), manager, reference, channelsLast)) {
                pass &= print(out, r, "", tolerance);
            }
            List<FeatureParity> features =
                    ReferenceVerifier.verifyFeatures(loaded.spec(), loaded.network(), manager, reference, channelsLast);
            for (FeatureParity f : features) {
                pass &= print(out, f.parity(), " at cut point " + f.cutPoint(), featureTolerance);
            }
            String bounds = "rel_diff <= " + tolerance + (features.isEmpty() ? "" : ", features <= " + featureTolerance);
            out.println(pass ? "PASS (" + bounds + ")" : "FAIL (not all " + bounds + ")");
            return pass ? OK : FAILURE;
        } catch (WeightImportException | IOException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    private static boolean print(PrintStream out, ParityResult r, String where, double tolerance) {
        out.printf(Locale.ROOT, "%s%s max_abs_diff=%.3e max_abs_ref=%.3e rel_diff=%.3e%n",
                r.name(), where, r.maxAbsDiff(), r.maxAbsRef(), r.relDiff());
        return r.relDiff() <= tolerance;
    }

    private static double parseTolerance(String option, String text, double fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option + " must be a number, got '" + text + "'.", e);
        }
    }
}
