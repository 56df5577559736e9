package dev.graft.core.run;

import dev.graft.core.data.CachedSplit;
import dev.graft.core.metric.RegressionReport;
import dev.graft.core.metric.TaskScore;
import dev.graft.core.model.MultiTaskLayout;
import dev.graft.core.multitask.TaskData;
import dev.graft.core.multitask.TaskLabels;
import dev.graft.core.multitask.TaskSpec;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a multi-task model on labelled data: each task is scored on the images whose manifest
 * carries a value in the task's column (with 95 % bootstrap intervals), with the class weights
 * and, for the main task, the decision rule it was trained with.
 */
public final class TaskEvaluation {

    private TaskEvaluation() {}

    /**
     * A task's score.
     *
     * @param task the task
     * @param report its metrics on its labelled images (class metrics, or errors for a regression
     *     task), or {@code null} when none is labelled
     */
    public record Score(String task, TaskScore report) {}

    /**
     * Scores every task.
     *
     * @param model a multi-task model
     * @param run its run directory (for the class weights)
     * @param images the data, read with its own classes
     * @param predicted the model's predictions for the images, by task ({@link TrainedModel#predictTasks})
     * @return each task's score, in output order
     * @throws IOException if the run's metrics cannot be read, or the outputs are not finite
     * @throws DatasetException if a task's value is not one of its classes
     */
    public static List<Score> evaluate(TrainedModel model, Path run, ImageDataset images, Map<String, Predictions> predicted)
            throws IOException, DatasetException {
        var tasksNode = RunFiles.JSON.readTree(run.resolve("metrics.json").toFile()).path("tasks");
        List<Score> scores = new ArrayList<>();
        for (MultiTaskLayout.Task task : model.descriptor().multiTask().tasks()) {
            Predictions p = predicted.get(task.name()).requireFinite(run.toString());
            TaskData data = read(task, p.split(), images.classNames(),
                    weights(tasksNode.path(task.name()).path("class_weights"), task.classNames().size()));
            scores.add(new Score(task.name(), score(data, p)));
        }
        return scores;
    }

    /** Reads a task's labels (or values) for the evaluated images from its column, as training did. */
    private static TaskData read(MultiTaskLayout.Task task, CachedSplit split, List<String> datasetClasses, float[] weights)
            throws DatasetException {
        TaskSpec spec = new TaskSpec(task.name(), task.column(), task.kind(), task.main() ? "main" : "auxiliary", 1);
        TaskLabels labels = new TaskLabels(spec, task.classNames(), task.mean(), task.std());
        try {
            return new TaskData(spec, task.classNames(), weights, Map.of(split, labels.labelsOf(split.images(), datasetClasses)),
                    task.regression() ? Map.of(split, labels.valuesOf(split.images())) : Map.of(), task.mean(), task.std());
        } catch (IllegalArgumentException e) {
            throw new DatasetException(e.getMessage(), e);
        }
    }

    /** Scores a task on its labelled images: class metrics with 95 % intervals, or regression errors. */
    private static TaskScore score(TaskData task, Predictions p) {
        CachedSplit split = p.split();
        int[] kept = task.labelledIndices(split);
        if (kept.length == 0) {
            return null;
        }
        float[][] rows = task.labelledRows(split, p.probabilities());
        if (!task.regression()) {
            return FinetuneRun.report(task.classNames(), task.classWeights(), new Predictions(task.view(split), rows, p.point()), true, 42);
        }
        float[] values = task.valuesOf(split);
        float[] truth = new float[kept.length];
        float[] predicted = new float[kept.length];
        for (int j = 0; j < kept.length; j++) {
            truth[j] = values[kept[j]];
            predicted[j] = rows[j][0];
        }
        return RegressionReport.of(truth, predicted, task.std());
    }

    /**
     * Turns scores into the JSON shape {@code graft evaluate} prints.
     *
     * @param scores the scores
     * @return task name to metrics (null for a task without labelled images)
     */
    public static Map<String, Object> describe(List<Score> scores) {
        Map<String, Object> out = new LinkedHashMap<>();
        scores.forEach(s -> out.put(s.task(), s.report() == null ? null : RunFiles.describe(s.report())));
        return out;
    }

    private static float[] weights(com.fasterxml.jackson.databind.JsonNode node, int classes) {
        float[] weights = new float[classes];
        for (int c = 0; c < classes; c++) {
            weights[c] = node.size() > c ? (float) node.get(c).asDouble() : 1f;
        }
        return weights;
    }
}
