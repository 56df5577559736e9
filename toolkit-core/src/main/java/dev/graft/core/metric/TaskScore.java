package dev.graft.core.metric;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A task's validation score, whatever its kind: metrics by name and the number of examples.
 * Checkpoints record which kind it is, so a resumed run reads its history back.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@score", defaultImpl = ClassificationReport.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClassificationReport.class, name = "classification"),
    @JsonSubTypes.Type(value = RegressionReport.class, name = "regression")
})
public interface TaskScore {

    /** @return the number of examples scored */
    int count();

    /**
     * Every metric of the score by name, in report order.
     *
     * @return the metrics
     */
    java.util.Map<String, Double> metrics();

    /**
     * Pairs metric names with values, in order.
     *
     * @param names the names
     * @param values a value per name
     * @return the ordered map
     */
    static java.util.Map<String, Double> named(String[] names, double... values) {
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], values[i]);
        }
        return m;
    }

    /**
     * Returns a metric by its name.
     *
     * @param name e.g. {@code accuracy} or {@code mae}
     * @return its value
     * @throws IllegalArgumentException listing the metrics this score has
     */
    default double get(String name) {
        Double value = metrics().get(name);
        if (value == null) {
            throw new IllegalArgumentException("unknown metric '" + name + "'; use one of " + metrics().keySet());
        }
        return value;
    }

}
