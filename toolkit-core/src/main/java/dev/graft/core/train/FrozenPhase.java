package dev.graft.core.train;

import dev.graft.core.data.CachedSplit;
import dev.graft.core.model.TransferModel;

/**
 * Which part of the trunk is frozen in an epoch (all of it during gradual unfreezing's first
 * epochs) and the frozen part's cached features, rebuilt when the frozen part or the training
 * images' side (progressive resizing) changes, and reused across the epochs of one phase. The
 * features of the last phase can be handed over to score the kept model.
 */
final class FrozenPhase implements AutoCloseable {

    private final FineTuner loop;
    private final TrainingSetup setup;
    private final boolean augmented;
    private FeatureCache cache;
    private int frozen = -1;
    private CachedSplit train;

    /**
     * @param loop the loop (its options, listeners and feature memo)
     * @param setup the model and splits
     * @param augmented whether training images are augmented anew each epoch (then only
     *     validation features are cached)
     */
    FrozenPhase(FineTuner loop, TrainingSetup setup, boolean augmented) {
        this.loop = loop;
        this.setup = setup;
        this.augmented = augmented;
    }

    /**
     * Freezes for an epoch and returns the features of its frozen part.
     *
     * @param epoch the epoch
     * @return the features
     */
    FeatureCache enter(int epoch) {
        TransferModel model = setup.model();
        int wanted = epoch <= loop.options().unfreezeAfter() ? model.trunkNames().size() : setup.targetFrozen();
        if (wanted != model.frozenModules()) {
            model.freezeFirst(wanted);
            loop.event("epoch " + epoch + ": " + wanted + " of " + model.trunkNames().size() + " trunk modules frozen");
        }
        CachedSplit trainNow = setup.trainAt(epoch);
        if (setup.resizing() != null && (train == null || trainNow.side() != train.side())) {
            loop.event("epoch " + epoch + ": training at " + trainNow.side() + " px (validation at " + setup.val().side() + " px)");
        }
        if (wanted != frozen || trainNow != train) {
            close();
            cache = loop.featureCache(model, trainNow, setup.val(), setup.normalization(), setup.manager(), augmented);
            frozen = wanted;
            train = trainNow;
        }
        return cache;
    }

    /** @return how many trunk modules the current phase freezes */
    int frozen() {
        return frozen;
    }

    /** @return the features, handed over to the caller, who closes them; {@code null} when no epoch ran */
    FeatureCache release() {
        FeatureCache released = cache;
        cache = null;
        return released;
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.close();
            cache = null;
        }
    }
}
