/**
 * Options declared once: each {@link dev.graft.core.options.Option} carries its name, group,
 * type, default, help text and validation; command-line parsing and help, config files, a run's
 * saved {@code config.yaml} and search spaces all derive from these declarations.
 */
package dev.graft.core.options;
