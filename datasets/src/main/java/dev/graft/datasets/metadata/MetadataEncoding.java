package dev.graft.datasets.metadata;

import dev.graft.datasets.DatasetException;
import dev.graft.datasets.LabeledImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How metadata columns become a model's second input, fitted on training rows only: a numeric
 * column gives {@code (x − mean) / std} and a missing indicator (a missing value reads 0 with the
 * indicator 1); a categorical column gives a one-hot over the training vocabulary plus one slot
 * for a value that is missing or was never seen in training. Missing means an empty cell or
 * {@code NA}, {@code N/A}, {@code NaN}, {@code null}. The vector is the columns' parts in column
 * order; {@link #featureNames()} names each entry.
 *
 * @param columns each column's encoding, in input order
 */
public record MetadataEncoding(List<Column> columns) {

    /** What a column holds. */
    public enum Type {
        /** Numbers, standardised. */
        NUMERIC,
        /** Categories, one-hot. */
        CATEGORICAL
    }

    /** The cell values read as missing (compared ignoring case, after trimming). */
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null");

    /**
     * One column's encoding.
     *
     * @param name the manifest column
     * @param type numeric or categorical
     * @param mean the training mean (numeric; 0 otherwise)
     * @param std the training standard deviation, 1 when it is 0 (numeric; 1 otherwise)
     * @param vocabulary the training values, sorted (categorical; empty otherwise)
     */
    public record Column(String name, Type type, double mean, double std, List<String> vocabulary) {

        /** Copies the vocabulary and checks the statistics. */
        public Column {
            vocabulary = vocabulary == null ? List.of() : List.copyOf(vocabulary);
            if (name == null || type == null || !Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
                throw new IllegalArgumentException("metadata column " + name + ": needs a name, a type, a finite mean and std > 0.");
            }
        }

        /** @return how many inputs this column gives */
        public int width() {
            return type == Type.NUMERIC ? 2 : vocabulary.size() + 1;
        }
    }

    /** Copies the list. */
    public MetadataEncoding {
        columns = List.copyOf(columns);
    }

    /**
     * Fits the encoding on training rows.
     *
     * @param spec the columns and any declared types
     * @param train the training rows (their attributes hold the manifest's extra columns)
     * @return the encoding
     * @throws DatasetException naming a column the rows lack, one with no value, or a value a
     *     numeric column cannot read
     */
    public static MetadataEncoding fit(MetadataColumns spec, List<LabeledImage> train) throws DatasetException {
        List<Column> columns = new ArrayList<>();
        for (MetadataColumns.Column c : spec.columns()) {
            List<String> values = new ArrayList<>();
            for (LabeledImage image : train) {
                String value = cell(image, c.name(), "the training data");
                if (!missing(value)) {
                    values.add(value.trim());
                }
            }
            if (values.isEmpty()) {
                throw new DatasetException("metadata column '" + c.name() + "' has no value in the training rows; drop it from metadata.");
            }
            Type type = c.type() != null ? c.type() : values.stream().allMatch(MetadataEncoding::isNumber) ? Type.NUMERIC : Type.CATEGORICAL;
            if (type == Type.CATEGORICAL) {
                columns.add(new Column(c.name(), type, 0, 1, List.copyOf(new TreeSet<>(values))));
                continue;
            }
            double sum = 0;
            for (String v : values) {
                sum += number(c.name(), v, "the training data");
            }
            double mean = sum / values.size();
            double squares = 0;
            for (String v : values) {
                double d = number(c.name(), v, "the training data") - mean;
                squares += d * d;
            }
            double std = Math.sqrt(squares / values.size());
            columns.add(new Column(c.name(), type, mean, std > 0 && Double.isFinite(std) ? std : 1, List.of()));
        }
        return new MetadataEncoding(columns);
    }

    /** @return the length of the encoded vector */
    public int width() {
        return columns.stream().mapToInt(Column::width).sum();
    }

    /** @return the column names, in input order */
    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /**
     * Names each entry of the vector: {@code age}, {@code age:missing}, {@code site=arm}, …,
     * {@code site:other} (missing or unseen).
     *
     * @return the names, in vector order
     */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (Column c : columns) {
            if (c.type() == Type.NUMERIC) {
                names.add(c.name());
                names.add(c.name() + ":missing");
            } else {
                c.vocabulary().forEach(v -> names.add(c.name() + "=" + v));
                names.add(c.name() + ":other");
            }
        }
        return names;
    }

    /**
     * Encodes rows.
     *
     * @param rows the rows
     * @param what how to name the data in a refusal, e.g. its path
     * @return a vector per row
     * @throws DatasetException naming a column the rows lack, or a numeric column's unreadable value
     */
    public float[][] encode(List<LabeledImage> rows, String what) throws DatasetException {
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            out[i] = encode(rows.get(i), what);
        }
        return out;
    }

    /**
     * Encodes one row.
     *
     * @param row the row
     * @param what how to name the data in a refusal
     * @return its vector
     * @throws DatasetException naming a column the row lacks, or a numeric column's unreadable value
     */
    public float[] encode(LabeledImage row, String what) throws DatasetException {
        float[] vector = new float[width()];
        int at = 0;
        for (Column c : columns) {
            String value = cell(row, c.name(), what);
            if (c.type() == Type.NUMERIC) {
                if (missing(value)) {
                    vector[at + 1] = 1;
                } else {
                    vector[at] = (float) ((number(c.name(), value.trim(), what) - c.mean()) / c.std());
                }
            } else {
                int index = missing(value) ? -1 : c.vocabulary().indexOf(value.trim());
                vector[at + (index < 0 ? c.vocabulary().size() : index)] = 1;
            }
            at += c.width();
        }
        return vector;
    }

    private static String cell(LabeledImage image, String column, String what) throws DatasetException {
        Map<String, String> attributes = image.attributes();
        String value = attributes.get(column);
        if (value == null) {
            throw new DatasetException(what + " has no column '" + column + "', which the model takes as metadata"
                    + (attributes.isEmpty() ? "; give a CSV manifest with that column."
                            : "; its extra columns are " + attributes.keySet() + "."));
        }
        return value;
    }

    private static boolean missing(String value) {
        return MISSING.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    private static boolean isNumber(String value) {
        try {
            return Double.isFinite(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double number(String column, String value, String what) throws DatasetException {
        if (!isNumber(value)) {
            throw new DatasetException(what + ": metadata column '" + column + "' is numeric, but holds '" + value
                    + "'; fix the cell, leave it empty for missing, or declare the column :cat.");
        }
        return Double.parseDouble(value);
    }
}
