package dev.graft.core.search;

import dev.graft.datasets.DatasetException;
import dev.graft.datasets.io.AtomicFiles;
import dev.graft.datasets.io.CsvTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code trials.csv}: one row per finished trial (id, stage, epochs, the searched options,
 * status, score, validation accuracy, best epoch, seconds, memory), rewritten atomically after
 * each trial and read back by {@code --resume}.
 */
final class TrialsFile {

    private final Path file;
    private final List<String> params;
    private final String metric;

    TrialsFile(Path file, List<String> params, String metric) {
        this.file = file;
        this.params = List.copyOf(params);
        this.metric = metric;
    }

    private String header() {
        return "trial,stage,epochs," + String.join(",", params) + ",status," + metric + ",val_accuracy,best_epoch,seconds,rss_mb,heap_mb";
    }

    void write(List<TrialResult> results) throws IOException {
        StringBuilder csv = new StringBuilder(header()).append('\n');
        for (TrialResult r : results) {
            Trial t = r.trial();
            csv.append(t.id()).append(',').append(t.stage()).append(',').append(t.epochs());
            params.forEach(p -> csv.append(',').append(CsvTable.quote(t.params().get(p))));
            csv.append(String.format(Locale.ROOT, ",%s,%.6f,%.6f,%d,%.2f,%.1f,%.1f%n", r.status(), r.value(), r.valAccuracy(),
                    r.bestEpoch(), r.seconds(), r.residentMegabytes(), r.heapMegabytes()));
        }
        AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the finished trials of an earlier, interrupted search.
     *
     * @return the results by trial id; empty when there is no file
     * @throws IOException if the file cannot be read or belongs to another search
     */
    Map<Integer, TrialResult> read() throws IOException {
        Map<Integer, TrialResult> results = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return results;
        }
        CsvTable table;
        try {
            table = CsvTable.read(file);
        } catch (DatasetException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!String.join(",", table.header()).equals(header())) {
            throw new IOException(file + " was written by a different search (its columns are " + table.header()
                    + "); use a new out folder or the same search file.");
        }
        for (int row = 0; row < table.rows().size(); row++) {
            List<String> cells = table.rows().get(row).cells();
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < params.size(); i++) {
                values.put(params.get(i), cells.get(3 + i));
            }
            int k = 3 + params.size();
            Trial trial = new Trial(Integer.parseInt(cells.get(0)), Integer.parseInt(cells.get(1)), values, Integer.parseInt(cells.get(2)));
            results.put(trial.id(), new TrialResult(trial, cells.get(k), Double.parseDouble(cells.get(k + 1)),
                    Double.parseDouble(cells.get(k + 2)), Integer.parseInt(cells.get(k + 3)), Double.parseDouble(cells.get(k + 4)),
                    Double.parseDouble(cells.get(k + 5)), Double.parseDouble(cells.get(k + 6))));
        }
        return results;
    }
}
