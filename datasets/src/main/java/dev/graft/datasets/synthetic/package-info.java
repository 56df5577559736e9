/** The synthetic dermoscopy generator whose labels follow the ABCD rule. */
package dev.graft.datasets.synthetic;
