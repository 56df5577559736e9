package dev.graft.datasets.io;

import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.LabeledImage;
import dev.graft.datasets.image.FileImage;
import dev.graft.datasets.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a CSV manifest: one row per image, a path column (relative to the CSV's folder, which is
 * the dataset root), a label column, an optional group column (patient or lesion id), and any
 * further columns kept as attributes for auxiliary tasks. Paths that leave the dataset root are
 * refused, so a manifest cannot make Graft read arbitrary files. A row repeating an earlier
 * row's image is collapsed into it (with a note) when the rows agree, and refused when they
 * disagree, so one image is never split into training and validation or given two labels.
 */
public final class CsvManifestReader {

    private final ImageDecoder decoder;
    private final String pathColumn;
    private final String labelColumn;
    private final String groupColumn;

    /**
     * Creates a reader.
     *
     * @param decoder the decoder the returned images use
     * @param pathColumn the column holding image paths
     * @param labelColumn the column holding class names
     * @param groupColumn the column holding group ids, or {@code null} if none
     */
    public CsvManifestReader(
            ImageDecoder decoder, String pathColumn, String labelColumn, String groupColumn) {
        this.decoder = decoder;
        this.pathColumn = pathColumn;
        this.labelColumn = labelColumn;
        this.groupColumn = groupColumn;
    }

    /**
     * Creates a reader for the usual column names {@code path}, {@code label} and, when present,
     * {@code group}.
     *
     * @param decoder the decoder the returned images use
     * @return the reader
     */
    public static CsvManifestReader standard(ImageDecoder decoder) {
        return new CsvManifestReader(decoder, "path", "label", "group");
    }

    /**
     * Reads a manifest; class names are the sorted distinct label values.
     *
     * @param csv the manifest
     * @return the dataset
     * @throws DatasetException naming file and line for a missing column, an empty label, a path
     *     outside the root or a missing image
     */
    public ImageDataset read(Path csv) throws DatasetException {
        CsvTable table = CsvTable.read(csv);
        int labelIndex = table.column(labelColumn);
        TreeSet<String> names = new TreeSet<>();
        for (CsvTable.Row row : table.rows()) {
            names.add(row.cells().get(labelIndex));
        }
        return read(table, new ArrayList<>(names));
    }

    /**
     * Reads a manifest against known class names (for val/test manifests).
     *
     * @param csv the manifest
     * @param classNames the class names, in label order
     * @return the dataset
     * @throws DatasetException as {@link #read(Path)}, and for a label not among the classes
     */
    public ImageDataset read(Path csv, List<String> classNames) throws DatasetException {
        return read(CsvTable.read(csv), classNames);
    }

    private ImageDataset read(CsvTable table, List<String> classNames) throws DatasetException {
        Path csv = table.file();
        Path root = rootOf(csv);
        int pathIndex = table.column(pathColumn);
        int labelIndex = table.column(labelColumn);
        int groupIndex =
                groupColumn != null && table.header().contains(groupColumn)
                        ? table.column(groupColumn)
                        : -1;
        List<LabeledImage> images = new ArrayList<>();
        RepeatedRows repeats = new RepeatedRows(csv);
        for (CsvTable.Row row : table.rows()) {
            String where = csv + ":" + row.line();
            String label = row.cells().get(labelIndex);
            if (label.isEmpty()) {
                throw new DatasetException(where + ": empty '" + labelColumn + "' cell.");
            }
            int labelId = classNames.indexOf(label);
            if (labelId < 0) {
                throw new DatasetException(
                        where + ": label '" + label + "' is not among the classes " + classNames + ".");
            }
            Path image = resolveInside(root, row.cells().get(pathIndex), where);
            if (repeats.isRepeat(image, row, pathIndex, labelIndex, table.header())) {
                continue;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int c = 0; c < table.header().size(); c++) {
                if (c != pathIndex && c != labelIndex && c != groupIndex) {
                    attributes.put(table.header().get(c), row.cells().get(c));
                }
            }
            String group = groupIndex >= 0 ? row.cells().get(groupIndex) : null;
            images.add(
                    new LabeledImage(
                            new FileImage(image, decoder),
                            labelId,
                            group == null || group.isEmpty() ? null : group,
                            attributes));
        }
        return new ImageDataset(classNames, images, repeats.note().stream().toList());
    }

    private static Path rootOf(Path csv) throws DatasetException {
        try {
            return csv.toAbsolutePath().getParent().toRealPath();
        } catch (IOException e) {
            throw new DatasetException(csv + ": cannot resolve its folder: " + e.getMessage(), e);
        }
    }

    /**
     * Resolves a manifest path against the dataset root and refuses any that leave it, by {@code
     * ..}, by an absolute path or through a symbolic link.
     */
    private static Path resolveInside(Path root, String relative, String where)
            throws DatasetException {
        if (relative.isEmpty()) {
            throw new DatasetException(where + ": empty path cell.");
        }
        Path resolved;
        try {
            resolved = root.resolve(relative).normalize();
        } catch (InvalidPathException e) {
            if (!relative.contains("\0")) {
                throw new DatasetException(where + ": path '" + relative + "' cannot be written in this system's file-name"
                        + " encoding " + System.getProperty("sun.jnu.encoding") + "; run graft under a UTF-8 locale"
                        + " (the graft launcher does; else set LC_ALL=C.UTF-8).", e);
            }
            throw new DatasetException(where + ": path '" + relative.replace("\0", "\\0") + "' is not a valid file name ("
                    + e.getReason() + "); fix that cell of the manifest.", e);
        }
        if (!resolved.startsWith(root)) {
            throw new DatasetException(
                    where
                            + ": path '"
                            + relative
                            + "' leaves the dataset root "
                            + root
                            + "; manifest paths must point inside the folder holding the CSV.");
        }
        if (!Files.exists(resolved)) {
            throw new DatasetException(where + ": image '" + relative + "' does not exist (" + resolved + ").");
        }
        try {
            if (!resolved.toRealPath().startsWith(root)) {
                throw new DatasetException(
                        where + ": path '" + relative + "' links outside the dataset root " + root + ".");
            }
        } catch (IOException e) {
            throw new DatasetException(where + ": cannot resolve '" + relative + "': " + e.getMessage(), e);
        }
        return resolved;
    }
}
