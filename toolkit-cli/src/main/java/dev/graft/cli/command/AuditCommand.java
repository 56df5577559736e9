package dev.graft.cli.command;

import dev.graft.cli.CommandFailure;
import dev.graft.cli.OptionsCommand;
import dev.graft.core.audit.Audit;
import dev.graft.core.audit.AuditOptions;
import dev.graft.core.audit.AuditResult;
import dev.graft.core.audit.GroupLeak;
import dev.graft.core.options.OptionValues;
import dev.graft.datasets.DatasetException;
import dev.graft.zoo.weights.WeightImportException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code graft audit}: duplicates, leakage across splits, label issues, outliers and split shift
 * in the splits a fine-tuning run with the same data options would use.
 */
public final class AuditCommand extends OptionsCommand {

    /** Creates the command. */
    public AuditCommand() {
        super("graft audit");
    }

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public String summary() {
        return "find leakage, duplicates, label errors and outliers in your data";
    }

    @Override
    protected void declare(Options o) {
        declare(o, AuditOptions.ALL);
    }

    @Override
    protected List<dev.graft.core.options.Option<?>> declaredOptions() {
        return AuditOptions.ALL;
    }

    @Override
    protected int execute(CommandLine line, PrintStream out, PrintStream err) throws CommandFailure {
        OptionValues values = ConfigValues.of(line, AuditOptions.ALL);
        Audit.Builder builder = Audit.builder().optListener(err::println);
        for (String name : values.names()) {
            builder.opt(name, values.get(name));
        }
        try {
            AuditResult r = builder.build().run();
            out.printf(Locale.ROOT, "%d images: %d exact and %d near-duplicate pairs, %d across splits, %d with different labels%n",
                    r.images().size(), r.exact().size(), r.near().size(), r.leakingPairs(), r.conflictingPairs());
            for (GroupLeak leak : r.groupLeaks()) {
                out.println("group " + leak.group() + " is in more than one split: " + leak.imagesBySplit());
            }
            if (r.labels() != null) {
                out.println(r.labels().suspects().size() + " label suspects (confident learning)");
            }
            out.println(r.outliers().size() + " outliers");
            if (r.shift() != null) {
                out.printf(Locale.ROOT, "split shift: train vs %s AUC %.3f (0.5 = same distribution)%n", r.shift().against(), r.shift().auc());
            }
            out.println("audit written to " + r.out().resolve("audit.html"));
            return OK;
        } catch (DatasetException | WeightImportException e) {
            throw new CommandFailure(e.getMessage(), e);
        } catch (IOException e) {
            throw new CommandFailure("cannot write the audit: " + e.getMessage(), e);
        }
    }
}
