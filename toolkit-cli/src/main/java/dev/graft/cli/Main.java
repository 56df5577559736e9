package dev.graft.cli;

import dev.graft.cli.command.FinetuneCommand;
import dev.graft.cli.command.ZooCommands;
import java.util.List;

/** The {@code graft} command: maps verbs to commands and exits with their code. */
public final class Main {

    private Main() {}

    /** @return the top-level command group */
    public static Command graft() {
        return new CommandGroup("graft", "transfer learning on images", List.of(ZooCommands.group(), new FinetuneCommand()));
    }

    /**
     * Runs {@code graft}.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(graft().run(args, System.out, System.err));
    }
}
