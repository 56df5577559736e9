/** Stratified, grouped, seeded splits into train, train-val, val and test. */
package dev.graft.datasets.split;
