package dev.graft.cli.command;

import dev.graft.cli.CommandFailure;
import dev.graft.core.audit.AuditBenchmark;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@code graft bench --audit}: prints the neighbour-search and whole-audit timings of {@link AuditBenchmark}. */
final class AuditBench {

    private AuditBench() {}

    static int run(String arch, String weights, int side, int vectors, int images, PrintStream out) throws CommandFailure {
        for (int n : new int[] {vectors / 10, vectors * 3 / 10, vectors}) {
            AuditBenchmark.SearchTiming t = AuditBenchmark.neighbours(n, 1280, 10, 1);
            out.printf(Locale.ROOT, "graft mode=audit-neighbours vectors=%d dim=%d k=%d seconds=%.1f peak_rss_mb=%.0f%n", t.vectors(),
                    t.dimension(), t.k(), t.seconds(), t.peakResidentMegabytes());
        }
        try {
            Path work = Files.createTempDirectory("graft-audit-bench");
            AuditBenchmark.AuditTiming t = AuditBenchmark.audit(images, side, arch, weights, work);
            out.printf(Locale.ROOT, "graft mode=audit images=%d arch=%s image_size=%d generate_s=%.1f audit_s=%.1f decode_embed_s=%.1f"
                    + " img_per_s=%.1f peak_rss_mb=%.0f rss_mb_each_tenth=%s work=%s%n", t.images(), arch, side, t.generateSeconds(), t.seconds(),
                    t.embedSeconds(), t.images() / t.seconds(), t.peakResidentMegabytes(),
                    t.residentMegabytes().stream().map(m -> String.valueOf(Math.round(m))).toList(), work);
            return 0;
        } catch (Exception e) {
            throw new CommandFailure("the audit benchmark failed: " + e.getMessage(), e);
        }
    }
}
