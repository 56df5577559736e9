/** Checks that an imported network reproduces reference outputs. */
package dev.graft.zoo.verify;
