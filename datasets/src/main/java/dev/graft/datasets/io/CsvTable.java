package dev.graft.datasets.io;

import dev.graft.datasets.DatasetException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file (RFC 4180: comma separated, double-quoted fields may hold commas and quotes) read
 * into a header and rows, each row remembering its line number for error messages.
 *
 * @param file the file read
 * @param header the column names
 * @param rows the data rows
 */
public record CsvTable(Path file, List<String> header, List<Row> rows) {

    /**
     * One data row.
     *
     * @param line the 1-based line number in the file
     * @param cells the cell values, one per header column
     */
    public record Row(int line, List<String> cells) {}

    /**
     * Reads a CSV file with a header line.
     *
     * @param file the file
     * @return the table
     * @throws DatasetException naming the file and line when a row has the wrong number of cells,
     *     a quote is not closed, or the file cannot be read
     */
    public static CsvTable read(Path file) throws DatasetException {
        List<String> lines;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines = reader.lines().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DatasetException(file + ": cannot read the CSV file: " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new DatasetException(file + ": the CSV file is empty; it needs a header line.");
        }
        List<String> header = parseLine(lines.get(0).replace("\uFEFF", ""), file, 1);
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            List<String> cells = parseLine(text, file, i + 1);
            if (cells.size() != header.size()) {
                throw new DatasetException(
                        String.format(
                                "%s:%d: %d cells, but the header has %d columns %s.",
                                file, i + 1, cells.size(), header.size(), header));
            }
            rows.add(new Row(i + 1, cells));
        }
        return new CsvTable(file, header, rows);
    }

    /**
     * Returns the index of a column, failing with the list of columns.
     *
     * @param name the column name
     * @return its index
     * @throws DatasetException if there is no such column
     */
    public int column(String name) throws DatasetException {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new DatasetException(
                    file + ": no column '" + name + "'; the columns are " + header + ".");
        }
        return index;
    }

    /**
     * Returns a copy with one more column, computed from each row (e.g. an attribute with some
     * labels hidden, to make a partly labelled task).
     *
     * @param name the new column's name
     * @param value its value for a row, given the row's cells by column name
     * @return the table with the column appended
     */
    public CsvTable withColumn(String name, java.util.function.Function<java.util.Map<String, String>, String> value) {
        List<String> newHeader = new ArrayList<>(header);
        newHeader.add(name);
        List<Row> newRows = new ArrayList<>();
        for (Row row : rows) {
            java.util.Map<String, String> byName = new java.util.LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                byName.put(header.get(c), row.cells().get(c));
            }
            List<String> cells = new ArrayList<>(row.cells());
            cells.add(value.apply(byName));
            newRows.add(new Row(row.line(), cells));
        }
        return new CsvTable(file, newHeader, newRows);
    }

    /**
     * Writes the table as CSV, atomically.
     *
     * @param target the file to write
     * @throws IOException if it cannot be written
     */
    public void write(Path target) throws IOException {
        StringBuilder csv = new StringBuilder();
        csv.append(String.join(",", header.stream().map(CsvTable::quote).toList())).append('\n');
        for (Row row : rows) {
            csv.append(String.join(",", row.cells().stream().map(CsvTable::quote).toList())).append('\n');
        }
        AtomicFiles.write(target, csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Quotes a cell for writing when it holds a comma, a quote or a line break (RFC 4180).
     *
     * @param cell the value
     * @return the value as it must appear in a CSV line
     */
    public static String quote(String cell) {
        boolean needs = cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
        return needs ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    private static List<String> parseLine(String line, Path file, int number)
            throws DatasetException {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new DatasetException(file + ":" + number + ": a quoted cell is not closed.");
        }
        cells.add(cell.toString().trim());
        return cells;
    }
}
