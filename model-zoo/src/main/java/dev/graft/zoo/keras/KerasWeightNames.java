package dev.graft.zoo.keras;

/** Short names of Keras weights: the part after the layer, without TensorFlow's {@code :0}. */
final class KerasWeightNames {

    private KerasWeightNames() {}

    /**
     * Drops a TensorFlow output suffix such as {@code :0}.
     *
     * @param name e.g. {@code kernel:0}
     * @return e.g. {@code kernel}
     */
    static String stripSuffix(String name) {
        int colon = name.lastIndexOf(':');
        return colon > 0 && name.substring(colon + 1).chars().allMatch(Character::isDigit) && colon < name.length() - 1
                ? name.substring(0, colon) : name;
    }
}
