package dev.graft.datasets.synthetic;

/**
 * The ABCD dermoscopy attributes of one synthetic lesion and the diagnosis they imply by the
 * total dermoscopy score {@code TDS = 1.3·A + 0.1·B + 0.5·C + 0.5·D} (Stolz et al.); a TDS above
 * 5.45 is called melanoma.
 *
 * @param asymmetry 0 (symmetric about two axes), 1 (one axis) or 2 (none)
 * @param border number of irregular border segments out of 8
 * @param colors number of colours present, 1 to 6
 * @param diameter diameter score 1 to 5 (size class of the lesion)
 */
public record LesionAttributes(int asymmetry, int border, int colors, int diameter) {

    /** The TDS above which a lesion is called melanoma. */
    public static final double MELANOMA_THRESHOLD = 5.45;

    /** Checks every attribute is in its range. */
    public LesionAttributes {
        check("asymmetry", asymmetry, 0, 2);
        check("border", border, 0, 8);
        check("colors", colors, 1, 6);
        check("diameter", diameter, 1, 5);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    /** @return the total dermoscopy score */
    public double totalDermoscopyScore() {
        return 1.3 * asymmetry + 0.1 * border + 0.5 * colors + 0.5 * diameter;
    }

    /** @return true if the TDS says melanoma */
    public boolean melanoma() {
        return totalDermoscopyScore() > MELANOMA_THRESHOLD;
    }
}
