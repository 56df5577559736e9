/** Engine and device selection. */
package dev.graft.core.engine;
