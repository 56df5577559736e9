package dev.graft.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The range test's suggestions on curves whose answers are known. */
class LearningRateCurveTest {

    /** A curve over 8 decades: flat, a fall of 0.1 per step from step 30 to 60 (steepest between 45 and 46), then a rise. */
    private static List<LearningRateCurve.Point> curve() {
        List<LearningRateCurve.Point> points = new ArrayList<>();
        for (int s = 0; s < 100; s++) {
            double loss = s < 30 ? 5 : s <= 60 ? 5 - 0.1 * (s - 30) - (s > 45 ? 0.5 : 0) : 1.5 + 0.3 * (s - 60);
            points.add(new LearningRateCurve.Point(s, LearningRateFinder.rate(s, 100), loss, loss));
        }
        return points;
    }

    @Test
    void rates_growExponentiallyFromStartToEnd() {
        assertEquals(1e-7, LearningRateFinder.rate(0, 100), 1e-20);
        assertEquals(10, LearningRateFinder.rate(99, 100), 1e-12);
        assertEquals(Math.sqrt(1e-7 * 10), LearningRateFinder.rate(50, 101), 1e-12);
    }

    @Test
    void suggestions_steepestAtTheSharpestFall_minimumTenth_andValleyInTheDescent() {
        LearningRateCurve c = LearningRateCurve.of(curve(), 100, false, 1);
        assertEquals(LearningRateFinder.rate(45, 100), c.steepest(), 1e-15);
        assertEquals(LearningRateFinder.rate(60, 100) / 10, c.minimumTenth(), 1e-15);
        // The longest decreasing run starts at its first point (29, length 32 up to 60): 29 + 10 + 5.
        assertEquals(LearningRateFinder.rate(44, 100), c.valley(), 1e-15);
        // Suggested: the geometric mean of the valley (1e-7 x 10^(8 x 44/99)) and a tenth of the minimum's rate
        // (1e-7 x 10^(8 x 60/99) / 10): 10^-3.298 = 5.04e-4, printed and used as 5.0e-4.
        assertEquals(5.0e-4, c.suggestion(), 0);
    }

    @Test
    void round_keepsTwoSignificantDigits() {
        assertEquals(3.2e-3, LearningRateCurve.round(0.0031623), 0);
        assertEquals(1.1e-4, LearningRateCurve.round(1.0999e-4), 0);
    }

    @Test
    void fewerThanTwoPoints_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateCurve.of(curve().subList(0, 1), 100, true, 1));
    }
}
