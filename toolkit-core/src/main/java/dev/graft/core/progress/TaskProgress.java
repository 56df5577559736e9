package dev.graft.core.progress;

/**
 * Where a long step stands.
 *
 * @param name what the step does, e.g. {@code decoding 245 images}
 * @param done units done so far
 * @param total units in all ({@code 0} when unknown)
 * @param unit what a unit is, e.g. {@code img}
 * @param seconds seconds since the step started
 */
public record TaskProgress(String name, long done, long total, String unit, double seconds) {

    /** @return units per second so far, or {@code NaN} before any time has passed */
    public double rate() {
        return seconds > 0 ? done / seconds : Double.NaN;
    }

    /** @return seconds still to go at the rate so far, or {@code NaN} when it cannot be told */
    public double secondsLeft() {
        return done > 0 && total > 0 ? (total - done) * seconds / done : Double.NaN;
    }
}
