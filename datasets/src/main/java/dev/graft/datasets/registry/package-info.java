/**
 * The one registry shape: a {@link dev.graft.datasets.registry.Registry} of named
 * implementations per kind, duplicates refused, unknown names answered with the nearest known
 * ones, plug-ins added through {@link java.util.ServiceLoader} and a
 * {@link dev.graft.datasets.registry.RegistryProvider}.
 */
package dev.graft.datasets.registry;
