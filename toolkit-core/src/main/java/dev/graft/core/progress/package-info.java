/** Progress of long steps (decoding, feature caching, inference), reported to a listener the caller installs; the core never draws. */
package dev.graft.core.progress;
