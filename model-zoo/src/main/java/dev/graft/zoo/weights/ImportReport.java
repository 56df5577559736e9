package dev.graft.zoo.weights;

import java.util.List;

/**
 * What an import did.
 *
 * @param source the file or URL imported
 * @param loaded how many tensors were copied into the network
 * @param ignored file tensors deliberately not used (e.g. {@code num_batches_tracked}, or a
 *     classifier replaced by a new head)
 * @param matching how file tensors were matched to parameters: {@code by name} or {@code by
 *     graph order}
 */
public record ImportReport(String source, int loaded, List<String> ignored, String matching) {

    /** Copies the list. */
    public ImportReport {
        ignored = List.copyOf(ignored);
    }
}
