/** Feature vectors for Java applications: the {@link dev.graft.core.embed.Embedder}. */
package dev.graft.core.embed;
