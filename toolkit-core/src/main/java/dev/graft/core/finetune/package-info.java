/**
 * The Java API for fine-tuning, as easy as the {@code Embedder}: {@link
 * dev.graft.core.finetune.FineTuning} builds and runs a fine-tuning job, {@link
 * dev.graft.core.finetune.FineTuned} is the trained classifier it returns (predict, evaluate,
 * save, export), and {@link dev.graft.core.finetune.HyperparameterSearch} runs a search.
 */
package dev.graft.core.finetune;
