/** A fine-tuning run end to end and the files of its run directory. */
package dev.graft.core.run;
