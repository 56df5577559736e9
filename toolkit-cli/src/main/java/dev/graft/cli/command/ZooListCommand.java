package dev.graft.cli.command;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.zoo.arch.Architecture;
import dev.graft.zoo.arch.ArchitectureRegistry;
import dev.graft.zoo.arch.ArchitectureSpec;
import dev.graft.zoo.arch.CutPoint;
import dev.graft.zoo.arch.Networks;
import dev.graft.zoo.nn.NamedSequential;
import dev.graft.zoo.weights.PretrainedSources;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code graft zoo list}: the architectures, their cut points, feature sizes and parameter counts. */
public final class ZooListCommand extends OptionsCommand {

    /** Creates the command. */
    public ZooListCommand() {
        super("graft zoo list");
    }

    @Override
    public String name() {
        return "list";
    }

    @Override
    public String summary() {
        return "list architectures, cut points, feature sizes, parameter counts and where pretrained weights come from";
    }

    @Override
    protected void declare(Options options) {
        flag(options, "json", "print JSON instead of a table");
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (Architecture architecture : ArchitectureRegistry.REGISTRY.entries().values()) {
                try (NDManager scope = manager.newSubManager()) {
                    NamedSequential network = architecture.build(1000);
                    Networks.initialize(network, scope, 1, architecture.spec().inputSize());
                    rows.add(describe(architecture.spec(), Networks.trainableParameters(network)));
                }
            }
        }
        if (line.hasOption("json")) {
            try {
                out.println(
                        new ObjectMapper()
                                .enable(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(Map.of("architectures", rows)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new CommandFailure("cannot write JSON: " + e.getMessage(), e);
            }
        } else {
            printTable(rows, out);
        }
        return OK;
    }

    private static Map<String, Object> describe(ArchitectureSpec spec, long parameters) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", spec.name());
        row.put("parameters", parameters);
        row.put("input_size", spec.inputSize());
        row.put("resize", spec.resizeSize());
        row.put("mean", spec.normalization().mean());
        row.put("std", spec.normalization().std());
        List<Map<String, Object>> cuts = new ArrayList<>();
        for (CutPoint cut : spec.cutPoints()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", cut.name());
            c.put("module", cut.module());
            c.put("features", cut.channels());
            c.put("stride", cut.stride());
            c.put("pooled", cut.pooled());
            cuts.add(c);
        }
        row.put("cut_points", cuts);
        row.put("pretrained_weights", PretrainedSources.of(spec.name()));
        return row;
    }

    @SuppressWarnings("unchecked")
    private static void printTable(List<Map<String, Object>> rows, PrintStream out) {
        int width = rows.stream().mapToInt(r -> r.get("name").toString().length()).max().orElse(0);
        String line = "%-" + Math.max(width, "architecture".length()) + "s %,12d  %s%n";
        out.printf(line.replace("%,12d", "%12s"), "architecture", "parameters", "cut points (features @ stride)");
        for (Map<String, Object> row : rows) {
            StringBuilder cuts = new StringBuilder();
            for (Map<String, Object> cut : (List<Map<String, Object>>) row.get("cut_points")) {
                if (cuts.length() > 0) {
                    cuts.append(", ");
                }
                cuts.append(cut.get("name")).append(" ").append(cut.get("features"));
                cuts.append((Boolean) cut.get("pooled") ? "" : "@/" + cut.get("stride"));
            }
            out.printf(line, row.get("name"), (Long) row.get("parameters"), cuts);
        }
        out.println();
        out.println("Pretrained weights (--weights); without them a backbone starts from random weights:");
        String source = "  %-" + width + "s %s%n";
        rows.forEach(row -> out.printf(source, row.get("name"), PretrainedSources.describe(row.get("name").toString())));
    }
}
