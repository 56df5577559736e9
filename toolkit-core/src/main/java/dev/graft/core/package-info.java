/**
 * Graft's toolkit core: transfer learning logic used by the command line and by Java callers.
 * The core never prints; it reports through listeners.
 */
package dev.graft.core;
