package dev.graft.core.train;

import dev.graft.zoo.weights.TensorData;
import java.util.Map;

/**
 * What the loop knows when an epoch ends, handed to each {@link TrainingListener}; a listener
 * (early stopping) may ask the loop to stop after this epoch through {@link #stop}.
 *
 * @param result the epoch's outcome
 * @param improved whether it is the best so far by the selection metric
 * @param state the loop's bookkeeping after the epoch
 * @param weights the epoch's weights copied to Java memory (for checkpoints), or {@code null}
 * @param best the best epoch's weights so far, copied
 * @param stop where a listener asks to stop
 */
public record EpochEnd(EpochResult result, boolean improved, TrainingState state, Map<String, TensorData> weights,
        Map<String, TensorData> best, StopRequest stop) {

    /** A request to stop the loop after the current epoch; the first reason given wins. */
    public static final class StopRequest {
        private String reason;

        /**
         * Asks the loop to stop.
         *
         * @param why shown to the user
         */
        public void request(String why) {
            if (reason == null) {
                reason = why;
            }
        }

        /** @return why a listener asked to stop, or {@code null} to go on */
        public String reason() {
            return reason;
        }
    }
}
