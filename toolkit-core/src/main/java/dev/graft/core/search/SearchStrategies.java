package dev.graft.core.search;

import dev.graft.datasets.registry.Registry;

/**
 * The search strategies a search file can name: the built-in ones below, one line each, plus
 * those of every {@link SearchStrategyProvider} on the class path.
 */
public final class SearchStrategies {

    private static final Registry<SearchStrategy> REGISTRY = standard();

    private SearchStrategies() {}

    /** @return the shared registry search files are read with; plug-ins may add to it */
    public static Registry<SearchStrategy> registry() {
        return REGISTRY;
    }

    /** @return a new registry with the built-in and service-loaded strategies */
    public static Registry<SearchStrategy> standard() {
        return new Registry<SearchStrategy>("search strategy")
                .register("grid", (s, epochs, higher) -> new GridSearch(s.space(), s.gridPoints(), s.trials(), epochs))
                .register("random", (s, epochs, higher) -> new RandomSearch(s.space(), s.trials(), 1, s.keep(), s.seed(), epochs, higher))
                .register("coarse-to-fine", SearchStrategy.staged(2,
                        (s, epochs, higher) -> new RandomSearch(s.space(), s.trials(), s.stages(), s.keep(), s.seed(), epochs, higher)))
                .register("halving", (s, epochs, higher) -> new SuccessiveHalving(s.space(), s.trials(), s.minEpochs(), epochs, s.eta(),
                        s.seed(), higher))
                .load(SearchStrategyProvider.class);
    }
}
