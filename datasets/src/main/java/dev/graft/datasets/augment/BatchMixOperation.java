package dev.graft.datasets.augment;

import java.util.OptionalDouble;

/**
 * A batch-level mix ({@link BatchMix}): mixup or cutmix with a Beta parameter; an item's
 * {@code @probability} does not apply to it.
 *
 * @param cutmix {@code true} for cutmix, {@code false} for mixup
 * @param alpha the Beta parameter when the item gives none
 */
public record BatchMixOperation(boolean cutmix, double alpha) implements AugmentOperation {

    @Override
    public String arguments() {
        return "ALPHA";
    }

    @Override
    public void addTo(AugmentPipeline.Builder pipeline, AugmentArguments args, OptionalDouble probability) {
        double a = args.get(0, alpha);
        if (cutmix) {
            pipeline.cutmix(a);
        } else {
            pipeline.mixup(a);
        }
    }

    @Override
    public String usage(String name) {
        return AugmentOperation.super.usage(name) + " (batch level)";
    }
}
