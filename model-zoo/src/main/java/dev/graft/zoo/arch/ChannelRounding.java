package dev.graft.zoo.arch;

/** torchvision's {@code _make_divisible}: channel counts scaled by a width multiplier, rounded to a multiple of 8. */
final class ChannelRounding {

    private ChannelRounding() {}

    /**
     * Rounds {@code channels} to the nearest multiple of 8 (at least 8), going up one step if
     * rounding lost more than 10 %.
     *
     * @param channels the scaled channel count
     * @return the rounded count
     */
    static int toMultipleOf8(double channels) {
        int divisor = 8;
        int rounded = Math.max(divisor, (int) (channels + divisor / 2.0) / divisor * divisor);
        return rounded < 0.9 * channels ? rounded + divisor : rounded;
    }
}
