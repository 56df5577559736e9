package dev.graft.core.search;

import dev.graft.datasets.registry.Registry;

/**
 * The search strategies a search file can name: the built-in ones below, one line each, plus
 * those of every {@link SearchStrategyProvider} on the class path.
 */
public final class SearchStrategies {

    /** The shared registry: the built-in strategies below, then the service-loaded ones; plug-ins may add to it. */
    public static final Registry<SearchStrategy> REGISTRY = new Registry<SearchStrategy>("search strategy")
            .register("grid", (s, epochs, higher) -> new GridSearch(s.space(), s.gridPoints(), s.trials(), epochs))
            .register("random", (s, epochs, higher) -> new RandomSearch(s.space(), s.trials(), 1, s.keep(), s.seed(), epochs, higher))
            .register("coarse-to-fine", SearchStrategy.staged(2,
                    (s, epochs, higher) -> new RandomSearch(s.space(), s.trials(), s.stages(), s.keep(), s.seed(), epochs, higher)))
            .register("halving", (s, epochs, higher) -> new SuccessiveHalving(s.space(), s.trials(), s.minEpochs(), epochs, s.eta(),
                    s.seed(), higher))
            .load(SearchStrategyProvider.class);

    private SearchStrategies() {}
}
