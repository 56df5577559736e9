package dev.graft.core.search;

/**
 * What a search file's {@code strategy} names: builds the {@link Strategy} that proposes a
 * search's trials. Registered by name in {@link SearchStrategies}.
 */
@FunctionalInterface
public interface SearchStrategy {

    /**
     * Builds the strategy for one search.
     *
     * @param spec the search: trials, seed, knobs and space
     * @param epochs the base epoch budget
     * @param higherIsBetter the metric's direction
     * @return the strategy
     * @throws IllegalArgumentException if the spec's knobs do not suit it, naming the knob
     */
    Strategy create(SearchSpec spec, int epochs, boolean higherIsBetter);

    /** @return the {@code stages} a search file gets when it sets none */
    default int defaultStages() {
        return 1;
    }

    /**
     * A strategy with another default for {@code stages}.
     *
     * @param stages the default stages
     * @param strategy builds the strategy
     * @return the strategy with that default
     */
    static SearchStrategy staged(int stages, SearchStrategy strategy) {
        return new SearchStrategy() {
            @Override
            public Strategy create(SearchSpec spec, int epochs, boolean higherIsBetter) {
                return strategy.create(spec, epochs, higherIsBetter);
            }

            @Override
            public int defaultStages() {
                return stages;
            }
        };
    }
}
