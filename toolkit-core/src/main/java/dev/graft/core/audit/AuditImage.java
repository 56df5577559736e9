package dev.graft.core.audit;

import dev.graft.datasets.LabeledImage;

/**
 * One image the audit looked at: where it is, which split a run would put it in, its label and
 * group, and its pixel facts.
 *
 * @param index its position in the audit (train first, then train_val, val, test)
 * @param split the split's name
 * @param image the labelled image as the run reads it
 * @param className its given class
 * @param facts its pixel facts, or {@code null} if it could not be decoded
 */
public record AuditImage(int index, String split, LabeledImage image, String className, ImageFacts facts) {

    /** @return what a user needs to find the image: its path, or array and index */
    public String where() {
        return image.source().describe();
    }
}
