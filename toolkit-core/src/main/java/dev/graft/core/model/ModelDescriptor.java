package dev.graft.core.model;

import dev.graft.core.metric.OperatingPoint;
import java.util.List;

/**
 * Everything needed to rebuild a trained model and feed it images, saved as {@code model.json}
 * beside {@code model.safetensors}.
 *
 * @param arch the architecture name
 * @param cut the cut point
 * @param freeze what was frozen during training ({@code all}, {@code none} or a cut point)
 * @param head the head
 * @param classNames the class names, in output order
 * @param imageSize the input side
 * @param resize the shorter side images are resized to before the centre crop
 * @param mean the per-channel input mean
 * @param std the per-channel input standard deviation
 * @param operatingPoint how probabilities become a predicted class (argmax when absent)
 * @param multiTask the tasks and sharing of a multi-task model ({@code null} for one task; then
 *     {@code classNames} and {@code operatingPoint} are the main task's)
 * @param metadata how the metadata columns the head reads beside the image are encoded ({@code
 *     null}, and absent from {@code model.json}, for a model that reads images only)
 */
public record ModelDescriptor(
        String arch,
        String cut,
        String freeze,
        HeadSpec head,
        List<String> classNames,
        int imageSize,
        int resize,
        float[] mean,
        float[] std,
        OperatingPoint operatingPoint,
        MultiTaskLayout multiTask,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        dev.graft.datasets.metadata.MetadataEncoding metadata) {

    /** Copies the class list; a model saved before operating points predicts by argmax. */
    public ModelDescriptor {
        classNames = List.copyOf(classNames);
        operatingPoint = operatingPoint == null ? OperatingPoint.ARGMAX : operatingPoint;
    }

    /**
     * Describes a single-task model.
     *
     * @param arch the architecture name
     * @param cut the cut point
     * @param freeze what was frozen
     * @param head the head
     * @param classNames the classes
     * @param imageSize the input side
     * @param resize the resize side
     * @param mean the input mean
     * @param std the input standard deviation
     * @param operatingPoint the decision rule
     */
    public ModelDescriptor(String arch, String cut, String freeze, HeadSpec head, List<String> classNames, int imageSize, int resize,
            float[] mean, float[] std, OperatingPoint operatingPoint) {
        this(arch, cut, freeze, head, classNames, imageSize, resize, mean, std, operatingPoint, null, null);
    }

    /**
     * Describes a model that reads images only.
     *
     * @param arch the architecture name
     * @param cut the cut point
     * @param freeze what was frozen
     * @param head the head
     * @param classNames the classes
     * @param imageSize the input side
     * @param resize the resize side
     * @param mean the input mean
     * @param std the input standard deviation
     * @param operatingPoint the decision rule
     * @param multiTask the tasks, or {@code null} for one task
     */
    public ModelDescriptor(String arch, String cut, String freeze, HeadSpec head, List<String> classNames, int imageSize, int resize,
            float[] mean, float[] std, OperatingPoint operatingPoint, MultiTaskLayout multiTask) {
        this(arch, cut, freeze, head, classNames, imageSize, resize, mean, std, operatingPoint, multiTask, null);
    }

    /** @return the length of the metadata input, 0 for a model that reads images only */
    public int metadataWidth() {
        return metadata == null ? 0 : metadata.width();
    }
}
