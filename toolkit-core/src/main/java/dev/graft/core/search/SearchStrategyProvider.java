package dev.graft.core.search;

import dev.graft.datasets.registry.RegistryProvider;

/**
 * Adds search strategies from a plug-in: implement it, list the class in {@code
 * META-INF/services/dev.graft.core.search.SearchStrategyProvider}, and a search file's {@code
 * strategy} can name the strategies it registers.
 */
public interface SearchStrategyProvider extends RegistryProvider<SearchStrategy> {}
