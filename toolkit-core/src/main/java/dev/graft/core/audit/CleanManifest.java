package dev.graft.core.audit;

import dev.graft.datasets.image.FileImage;
import dev.graft.datasets.io.AtomicFiles;
import dev.graft.datasets.io.CsvTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a CSV manifest ({@code path,label,group,split}) of the audited images without the
 * chosen findings, for {@code graft finetune --data}: the later image of each exact or near pair
 * (train comes first, so the training copy stays), both images of a conflicting pair, label
 * suspects, outliers. Paths are relative to the manifest's folder (Graft refuses manifest paths
 * leaving it, so write the manifest in the dataset's root or above). Images are never moved or
 * deleted.
 */
public final class CleanManifest {

    private CleanManifest() {}

    /**
     * Writes the manifest.
     *
     * @param result the audit
     * @param drop what to leave out: {@code exact}, {@code near}, {@code conflicts}, {@code labels}, {@code outliers}
     * @param file the manifest to write
     * @return how many images were left out
     * @throws IOException if it cannot be written
     * @throws IllegalArgumentException if an image is not a file (NPZ arrays have no path to list)
     */
    public static int write(AuditResult result, List<String> drop, Path file) throws IOException {
        Set<String> kinds = new HashSet<>(drop.stream().map(String::trim).toList());
        Set<Integer> dropped = new HashSet<>();
        for (DuplicatePair p : AuditWriter.concat(result.exact(), result.near())) {
            if (kinds.contains(p.kind())) {
                dropped.add(p.b());
            }
            if (kinds.contains("conflicts") && p.conflict()) {
                dropped.add(p.a());
                dropped.add(p.b());
            }
        }
        if (kinds.contains("labels") && result.labels() != null) {
            result.labels().suspects().forEach(s -> dropped.add(s.index()));
        }
        if (kinds.contains("outliers")) {
            result.outliers().forEach(o -> dropped.add(o.index()));
        }
        Path root = file.toAbsolutePath().normalize().getParent();
        StringBuilder csv = new StringBuilder("path,label,group,split\n");
        for (AuditImage image : result.images()) {
            if (dropped.contains(image.index())) {
                continue;
            }
            if (!(image.image().source() instanceof FileImage source)) {
                throw new IllegalArgumentException("--write-clean lists image files, but " + image.where()
                        + " is an array; audit a folder or CSV manifest to write a clean manifest.");
            }
            Path path = root.relativize(source.path().toAbsolutePath().normalize());
            csv.append(CsvTable.quote(path.toString().replace('\\', '/'))).append(',').append(CsvTable.quote(image.className())).append(',')
                    .append(CsvTable.quote(image.image().group() == null ? "" : image.image().group())).append(',').append(image.split())
                    .append('\n');
        }
        AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
        return dropped.size();
    }
}
