package dev.graft.core.model;

/**
 * The new classifier put on a cut backbone: {@code linear} (dropout then one fully connected
 * layer) or {@code mlp} (linear → batch norm → ReLU → dropout → linear, as fastai's head).
 * Weights are Xavier-initialised, biases zero. A global average pool comes first when the cut
 * point gives feature maps.
 *
 * @param kind {@code linear} or {@code mlp}
 * @param hidden hidden units of the MLP (ignored for linear)
 * @param dropout dropout rate before the last layer
 */
public record HeadSpec(String kind, int hidden, float dropout) {

    /** A linear head without dropout. */
    /** The kinds of head. */
    public enum Kind {
        /** One linear layer. */
        LINEAR,
        /** Linear, ReLU, dropout, linear. */
        MLP
    }

    public static final HeadSpec LINEAR = new HeadSpec("linear", 0, 0f);

    /** Validates the fields. */
    public HeadSpec {
        if (!kind.equals("linear") && !kind.equals("mlp")) {
            throw new IllegalArgumentException("unknown head '" + kind + "'; use linear or mlp");
        }
        if (kind.equals("mlp") && hidden <= 0) {
            throw new IllegalArgumentException("an mlp head needs hidden units > 0");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }
}
