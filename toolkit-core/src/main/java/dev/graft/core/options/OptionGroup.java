package dev.graft.core.options;

/** The sections options are listed under in help and in a saved config. */
public enum OptionGroup {
    /** Where the images come from and how they are split and decoded. */
    DATA("Data"),
    /** The backbone, its weights, cut, freezing and head. */
    MODEL("Model"),
    /** Epochs, batches, optimiser, learning rates and selection. */
    TRAINING("Training"),
    /** Penalties, constraints and loss shaping. */
    REGULARISATION("Regularisation"),
    /** Training-time augmentation. */
    AUGMENTATION("Augmentation"),
    /** The run directory, resuming, device and config files. */
    OUTPUT("Output");

    private final String title;

    OptionGroup(String title) {
        this.title = title;
    }

    /** @return the section's title in help */
    public String title() {
        return title;
    }
}
