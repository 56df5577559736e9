package dev.graft.cli;

import dev.graft.cli.command.AuditCommand;
import dev.graft.cli.command.AugmentCommand;
import dev.graft.cli.command.BenchCommand;
import dev.graft.cli.command.CompletionCommand;
import dev.graft.cli.console.NativeStderrFilter;
import dev.graft.cli.console.Terminal;
import dev.graft.cli.console.Verbosity;
import dev.graft.core.engine.Engines;
import dev.graft.cli.command.DemoCommand;
import dev.graft.cli.command.DiagnoseCommand;
import dev.graft.cli.command.EmbedCommand;
import dev.graft.cli.command.EnsembleCommand;
import dev.graft.cli.command.EvaluateCommand;
import dev.graft.cli.command.ExportCommand;
import dev.graft.cli.command.FinetuneCommand;
import dev.graft.cli.command.LrFindCommand;
import dev.graft.cli.command.PredictCommand;
import dev.graft.cli.command.SearchCommand;
import dev.graft.cli.command.ZooCommands;
import java.util.List;

/** The {@code graft} command: maps verbs to commands and exits with their code. */
public final class Main {

    private Main() {}

    /** @return the top-level command group */
    public static Command graft() {
        return new CommandGroup("graft", "transfer learning on images", List.of(new DemoCommand(), ZooCommands.group(), new FinetuneCommand(), new LrFindCommand(), new SearchCommand(), new EvaluateCommand(), new PredictCommand(), new EnsembleCommand(), new ExportCommand(), new EmbedCommand(), new AugmentCommand(),
                        new DiagnoseCommand(),
                        new AuditCommand(),
                        new BenchCommand(), new CompletionCommand(Main::graft)));
    }

    /**
     * Runs {@code graft}.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        Terminal.stderrIsTerminal(); // decided before stderr becomes the filter's pipe
        if (Verbosity.of(List.of(args)) == Verbosity.VERBOSE) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        } else {
            NativeStderrFilter.install();
        }
        Engines.configureForReproducibility();
        System.exit(graft().run(args, System.out, System.err));
    }
}
