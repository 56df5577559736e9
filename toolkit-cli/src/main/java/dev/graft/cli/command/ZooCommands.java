package dev.graft.cli.command;

import dev.graft.cli.Command;
import dev.graft.cli.CommandGroup;
import java.util.List;

/** {@code graft zoo}: the model-zoo verbs. */
public final class ZooCommands {

    private ZooCommands() {}

    /** @return the {@code zoo} group */
    public static Command group() {
        return new CommandGroup(
                "graft zoo",
                "architectures and pretrained weights",
                List.of(new ZooListCommand(), new ZooVerifyCommand()));
    }
}
