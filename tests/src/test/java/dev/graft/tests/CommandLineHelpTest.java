package dev.graft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.cli.CommandGroup;
import dev.graft.cli.Main;
import dev.graft.core.GraftVersion;
import dev.graft.core.options.Option;
import dev.graft.core.options.OptionGroup;
import dev.graft.core.run.FinetuneOptions;
import org.junit.jupiter.api.Test;

/** --version, help VERB, grouped help with every declared default, and the completion script built from the same declaration. */
class CommandLineHelpTest {

    @Test
    void version_printsTheVersionAndExitsZero() {
        GraftCli.Result result = GraftCli.run("--version");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("graft " + GraftVersion.get(), result.out().strip());
    }

    @Test
    void helpFinetune_listsEveryDeclaredOptionInItsGroupWithItsDefault() {
        GraftCli.Result result = GraftCli.run("help", "finetune");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(GraftCli.run("finetune", "--help").out(), result.out());
        String help = result.out().replaceAll("\\s+", " ");
        for (Option<?> o : FinetuneOptions.ALL) {
            assertTrue(help.contains("--" + o.name() + (o.argName() == null ? " " : " <" + o.argName() + ">")), o.name());
            if (o.defaultText() != null) {
                assertTrue(help.contains(o.help() + " (default " + o.defaultText() + ")"), o.name() + " shows no default in: " + help);
            }
            int section = help.indexOf(o.group().title() + ":");
            int next = o.group().ordinal() + 1 < OptionGroup.values().length
                    ? help.indexOf(OptionGroup.values()[o.group().ordinal() + 1].title() + ":") : help.length();
            int at = help.indexOf("--" + o.name() + " ");
            assertTrue(section >= 0 && at > section && (next < 0 || at < next), o.name() + " is not under " + o.group().title());
        }
        for (String required : new String[] {"data", "arch", "out"}) {
            assertTrue(help.matches("(?s).*--" + required + " <[A-Z]+> \\(required\\).*"), required + " not marked required");
        }
        assertTrue(help.contains("--metric <") && help.contains("(default accuracy)"), help);
        assertTrue(help.contains("(default imagenet)"), help);
    }

    @Test
    void completionBash_listsEveryVerbAndFinetuneOption() {
        GraftCli.Result result = GraftCli.run("completion", "bash");
        assertEquals(0, result.exitCode(), result.err());
        String script = result.out();
        assertTrue(script.contains("complete -o filenames -F _graft graft"), script);
        CommandGroup graft = (CommandGroup) Main.graft();
        for (String verb : graft.commands().keySet()) {
            assertTrue(script.matches("(?s).*\"\"\\) COMPREPLY=\\(\\$\\(compgen -W \"[^\"]*\\b" + verb + "\\b.*"), verb);
        }
        String finetune = script.lines().filter(l -> l.startsWith("    \"finetune\")")).findFirst().orElseThrow();
        for (Option<?> o : FinetuneOptions.ALL) {
            assertTrue(finetune.contains("--" + o.name() + " ") || finetune.contains("--" + o.name() + "\""), o.name());
        }
        assertTrue(script.contains("\"finetune|--head\") COMPREPLY=($(compgen -W \"linear mlp\""), script);
    }

    @Test
    void deviceDefaults_agreeAcrossCommands() {
        for (String verb : new String[] {"finetune", "evaluate", "predict", "embed", "ensemble"}) {
            String help = GraftCli.run(verb, "--help").out().replaceAll("\\s+", " ");
            assertTrue(help.contains("--device <D>"), verb);
            assertTrue(help.matches("(?s).*--device <D> auto, cpu, cuda or cuda:N.*default auto.*")
                    || help.matches("(?s).*--device <D> auto, cpu, cuda or cuda:N \\(default auto\\).*"), verb + ": " + help);
        }
    }
}
