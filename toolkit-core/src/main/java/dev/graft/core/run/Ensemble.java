package dev.graft.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.core.metric.OperatingPoint;
import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.augment.AugmentPipeline;
import dev.graft.datasets.image.BadImagePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Several runs' models combined: the weighted mean of their class probabilities, predicted by the
 * most probable class. Members may differ in architecture and input size; they must share the
 * classes. Described by {@code ensemble.json} (member run folders and weights).
 */
public final class Ensemble implements Classifier {

    /** The file that makes a folder an ensemble. */
    public static final String FILE = "ensemble.json";

    private final List<Path> runs;
    private final List<TrainedModel> members;
    private final double[] weights;

    private Ensemble(List<Path> runs, List<TrainedModel> members, double[] weights) {
        this.runs = List.copyOf(runs);
        this.members = List.copyOf(members);
        this.weights = weights.clone();
    }

    /**
     * Creates an ensemble folder.
     *
     * @param out the folder
     * @param runs the member runs
     * @param weighting {@code mean} (equal weights) or {@code val} (weights proportional to each
     *     member's validation accuracy, as recorded in its metrics.json)
     * @return the weights, in member order, summing to 1
     * @throws IOException if a member lacks metrics.json or the folder cannot be written
     */
    public static double[] create(Path out, List<Path> runs, String weighting) throws IOException {
        if (runs.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least two runs, got " + runs.size() + ".");
        }
        double[] weights = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            weights[i] = switch (weighting) {
                case "mean" -> 1;
                case "val" -> validationAccuracy(runs.get(i));
                default -> throw new IllegalArgumentException("weighting must be mean or val, got '" + weighting + "'.");
            };
        }
        double sum = java.util.Arrays.stream(weights).sum();
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= sum;
        }
        Files.createDirectories(out);
        RunFiles.writeJson(out.resolve(FILE), RunFiles.ordered("weighting", weighting,
                "members", runs.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList(), "weights", weights));
        return weights;
    }

    private static double validationAccuracy(Path run) throws IOException {
        Path metrics = run.resolve("metrics.json");
        if (!Files.isRegularFile(metrics)) {
            throw new IOException(run + " holds no metrics.json; pass run folders written by graft finetune.");
        }
        return RunFiles.JSON.readTree(metrics.toFile()).path("val").path("accuracy").asDouble();
    }

    /**
     * Loads an ensemble folder's members.
     *
     * @param dir the folder holding ensemble.json
     * @param device the device
     * @return the ensemble; close it
     * @throws IOException if a member cannot be loaded or the classes differ
     */
    public static Ensemble open(Path dir, String device) throws IOException {
        JsonNode spec = RunFiles.JSON.readTree(dir.resolve(FILE).toFile());
        List<Path> runs = new ArrayList<>();
        spec.path("members").forEach(m -> runs.add(Path.of(m.asText())));
        double[] weights = new double[runs.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = spec.path("weights").path(i).asDouble();
        }
        List<TrainedModel> members = new ArrayList<>();
        try {
            for (Path run : runs) {
                TrainedModel model = TrainedModel.open(run, device);
                members.add(model);
                if (!model.classNames().equals(members.get(0).classNames())) {
                    throw new IOException(run + " has classes " + model.classNames() + ", " + runs.get(0) + " has "
                            + members.get(0).classNames() + "; ensemble members must share their classes.");
                }
            }
        } catch (IOException | RuntimeException e) {
            members.forEach(TrainedModel::close);
            throw e;
        }
        return new Ensemble(runs, members, weights);
    }

    /** @return the member run folders */
    public List<Path> runs() {
        return runs;
    }

    @Override
    public List<String> classNames() {
        return members.get(0).classNames();
    }

    /**
     * Predicts with every member and combines them.
     *
     * @param images the images
     * @param policy what to do with undecodable images
     * @return each member's predictions (by run folder), then the ensemble's under the key {@code ensemble}
     * @throws DatasetException if an image cannot be decoded and the policy is FAIL
     */
    public Map<String, Predictions> predictAll(ImageDataset images, BadImagePolicy policy) throws DatasetException {
        Map<String, Predictions> all = new java.util.LinkedHashMap<>();
        float[][] combined = null;
        Predictions first = null;
        for (int m = 0; m < members.size(); m++) {
            Predictions p = members.get(m).predict(images, policy);
            if (first == null) {
                first = p;
                combined = new float[p.probabilities().length][classNames().size()];
            } else if (p.probabilities().length != combined.length) {
                throw new DatasetException("ensemble members kept different images (" + p.probabilities().length + " vs "
                        + combined.length + "); fix or remove the undecodable images.");
            }
            for (int i = 0; i < combined.length; i++) {
                for (int c = 0; c < combined[i].length; c++) {
                    combined[i][c] += (float) (weights[m] * p.probabilities()[i][c]);
                }
            }
            all.put(runs.get(m).toString(), p);
        }
        all.put("ensemble", new Predictions(first.split(), combined, OperatingPoint.ARGMAX));
        return all;
    }

    @Override
    public Predictions predict(ImageDataset images, BadImagePolicy policy) throws DatasetException {
        return predictAll(images, policy).get("ensemble");
    }

    @Override
    public void useTestTimeAugmentation(int views, AugmentPipeline pipeline) {
        members.forEach(m -> m.useTestTimeAugmentation(views, pipeline));
    }

    @Override
    public void close() {
        members.forEach(TrainedModel::close);
    }
}
