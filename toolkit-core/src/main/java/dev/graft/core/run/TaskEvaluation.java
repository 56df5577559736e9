package dev.graft.core.run;

import dev.graft.core.metric.ClassificationMetrics;
import dev.graft.core.metric.RegressionReport;
import dev.graft.core.metric.TaskScore;
import dev.graft.core.model.MultiTaskLayout;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.LabeledImage;
import dev.graft.datasets.image.BadImagePolicy;
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
     * @param policy what to do with undecodable images
     * @return each task's score, in output order
     * @throws IOException if the run's metrics cannot be read
     * @throws DatasetException if an image cannot be decoded, or a task's value is not one of its classes
     */
    public static List<Score> evaluate(TrainedModel model, Path run, ImageDataset images, BadImagePolicy policy)
            throws IOException, DatasetException {
        MultiTaskLayout layout = model.descriptor().multiTask();
        Map<String, Predictions> predicted = model.predictTasks(images, policy);
        var tasksNode = RunFiles.JSON.readTree(run.resolve("metrics.json").toFile()).path("tasks");
        List<Score> scores = new ArrayList<>();
        for (MultiTaskLayout.Task task : layout.tasks()) {
            Predictions p = predicted.get(task.name());
            if (task.regression()) {
                scores.add(new Score(task.name(), regression(task, p)));
                continue;
            }
            List<Integer> kept = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (int i = 0; i < p.split().size(); i++) {
                String value = valueOf(p.split().images().get(i), task.column(), images.classNames());
                if (value == null || value.isBlank()) {
                    continue;
                }
                int label = task.classNames().indexOf(value.trim());
                if (label < 0) {
                    throw new DatasetException(p.split().images().get(i).source().describe() + ": task '" + task.name() + "' has value '"
                            + value + "' in column '" + task.column() + "', which the model never saw; its classes are "
                            + task.classNames() + ".");
                }
                kept.add(i);
                labels.add(label);
            }
            if (kept.isEmpty()) {
                scores.add(new Score(task.name(), null));
                continue;
            }
            float[][] probabilities = kept.stream().map(i -> p.probabilities()[i]).toArray(float[][]::new);
            float[] weights = weights(tasksNode.path(task.name()).path("class_weights"), task.classNames().size());
            scores.add(new Score(task.name(), ClassificationMetrics.withIntervals(task.classNames(),
                    labels.stream().mapToInt(Integer::intValue).toArray(), probabilities, weights, p.point(), 1000, 42)));
        }
        return scores;
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

    /** Scores a regression task's predicted values against the numbers in its column. */
    private static RegressionReport regression(MultiTaskLayout.Task task, Predictions p) throws DatasetException {
        List<Float> truth = new ArrayList<>();
        List<Float> predicted = new ArrayList<>();
        for (int i = 0; i < p.split().size(); i++) {
            LabeledImage image = p.split().images().get(i);
            String value = image.attributes().get(task.column());
            if (value == null || value.isBlank()) {
                continue;
            }
            try {
                truth.add(Float.parseFloat(value.trim()));
            } catch (NumberFormatException e) {
                throw new DatasetException(image.source().describe() + ": task '" + task.name() + "' is a regression task, but column '"
                        + task.column() + "' holds '" + value + "'; give a number or leave the cell empty.", e);
            }
            predicted.add(p.probabilities()[i][0]);
        }
        if (truth.isEmpty()) {
            return null;
        }
        float[] t = new float[truth.size()];
        float[] q = new float[truth.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = truth.get(i);
            q[i] = predicted.get(i);
        }
        return RegressionReport.of(t, q, task.std());
    }

    private static String valueOf(LabeledImage image, String column, List<String> datasetClasses) {
        return column.equals("label") ? datasetClasses.get(image.label()) : image.attributes().get(column);
    }

    private static float[] weights(com.fasterxml.jackson.databind.JsonNode node, int classes) {
        float[] weights = new float[classes];
        for (int c = 0; c < classes; c++) {
            weights[c] = node.size() > c ? (float) node.get(c).asDouble() : 1f;
        }
        return weights;
    }
}
