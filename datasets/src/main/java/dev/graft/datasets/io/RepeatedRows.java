package dev.graft.datasets.io;

import dev.graft.datasets.DatasetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds manifest rows that name an image an earlier row already named: a repeat that agrees
 * with the earlier row is dropped and counted, one that disagrees (another label or another
 * value in any column) is refused naming both lines.
 */
final class RepeatedRows {

    private final Path csv;
    private final Map<Path, CsvTable.Row> first = new HashMap<>();
    private final List<Integer> repeatLines = new ArrayList<>();
    private final List<Integer> originalLines = new ArrayList<>();

    /**
     * Creates a checker for one manifest.
     *
     * @param csv the manifest, for messages
     */
    RepeatedRows(Path csv) {
        this.csv = csv;
    }

    /**
     * Checks a row against the rows before it.
     *
     * @param image the image the row names, resolved
     * @param row the row
     * @param pathIndex the path column (spelled differently, the same image is still the same)
     * @param labelIndex the label column
     * @param header the column names
     * @return whether the row repeats an earlier one and is to be dropped
     * @throws DatasetException naming both lines when the rows disagree
     */
    boolean isRepeat(Path image, CsvTable.Row row, int pathIndex, int labelIndex, List<String> header) throws DatasetException {
        CsvTable.Row earlier = first.putIfAbsent(image, row);
        if (earlier == null) {
            return false;
        }
        String before = csv + ":" + row.line() + ": image " + image.getFileName() + " is also on line " + earlier.line();
        String label = row.cells().get(labelIndex);
        String earlierLabel = earlier.cells().get(labelIndex);
        if (!earlierLabel.equals(label)) {
            throw new DatasetException(before + " with label '" + earlierLabel + "' but here has label '" + label
                    + "'; an image has one label, so remove the wrong row.");
        }
        for (int c = 0; c < header.size(); c++) {
            String was = earlier.cells().get(c);
            String is = row.cells().get(c);
            if (c != labelIndex && c != pathIndex && !was.equals(is)) {
                throw new DatasetException(before + " with " + header.get(c) + " '" + was + "' but here has '" + is
                        + "'; keep one row per image.");
            }
        }
        repeatLines.add(row.line());
        originalLines.add(earlier.line());
        return true;
    }

    /** @return the note about collapsed rows, if any were */
    Optional<String> note() {
        if (repeatLines.isEmpty()) {
            return Optional.empty();
        }
        int n = repeatLines.size();
        String lines = n == 1 ? " (line " + repeatLines.get(0) + " repeats line " + originalLines.get(0) + ")"
                : n <= 5 ? " (lines " + join(repeatLines) + " repeat lines " + join(originalLines) + ")"
                : " (lines " + join(repeatLines.subList(0, 5)) + " and " + (n - 5) + " more)";
        return Optional.of(csv + ": " + n + (n == 1 ? " row repeats" : " rows repeat") + " an earlier row's image and label"
                + lines + "; each image was kept once.");
    }

    private static String join(List<Integer> lines) {
        return String.join(", ", lines.stream().map(String::valueOf).toList());
    }
}
