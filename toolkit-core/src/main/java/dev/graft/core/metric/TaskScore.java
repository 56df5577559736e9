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
     * Returns a metric by name.
     *
     * @param name the metric
     * @return its value
     * @throws IllegalArgumentException for a metric this kind of task does not have
     */
    double get(String name);
}
