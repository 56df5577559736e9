/** The synthetic dermoscopy generators: labels by the ABCD rule, or by the ABCD rule and patient metadata. */
package dev.graft.datasets.synthetic;
