package dev.graft.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void cosineWithWarmup_risesLinearlyThenAnnealsToZero() {
        LearningRateSchedule s = new LearningRateSchedule(Schedule.COSINE, 1f, 10, 110, 10, 1, 0.1f);
        assertEquals(0.1f, s.at(0), 1e-6);
        assertEquals(1f, s.at(9), 1e-6);
        assertEquals(1f, s.at(10), 1e-6);
        assertEquals(0.5f, s.at(60), 1e-6);
        assertEquals(0f, s.at(110), 1e-6);
    }

    @Test
    void step_decaysByGammaEveryStepEpochs() {
        LearningRateSchedule s = new LearningRateSchedule(Schedule.STEP, 1f, 0, 100, 10, 3, 0.1f);
        int[] steps = {29, 30, 60};
        float[] rates = {1f, 0.1f, 0.01f};
        for (int i = 0; i < steps.length; i++) {
            assertEquals(rates[i], s.at(steps[i]), 1e-7, "step " + steps[i]);
        }
    }

    @Test
    void unknownScheduleName_isRefusedListingTheNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingOptions.SCHEDULE.parse("linear"));
        assertEquals("unknown schedule 'linear'; use one of [constant, step, cosine, onecycle].", e.getMessage());
    }

    @Test
    void oneCycle_startsAtATwentyFifth_peaksAtAQuarter_endsAtAHundredThousandth_momentumTheOtherWay() {
        // 201 steps: the position is step / 200, so the peak (pct_start 0.25) is step 50, the last step 200, and
        // steps 25 and 125 are half-way along the rising and the falling cosine (the mean of their ends).
        double lr = 0.01f;
        LearningRateSchedule s = new LearningRateSchedule(Schedule.ONECYCLE, (float) lr, 0, 201, 10, 1, 0.1f);
        assertEquals((float) (lr / 25), s.at(0));
        assertEquals((float) lr, s.at(50));
        assertEquals((float) (lr / 1e5), s.at(200));
        assertEquals((float) ((lr / 25 + lr) / 2), s.at(25), 1e-9);
        assertEquals((float) ((lr + lr / 1e5) / 2), s.at(125), 1e-9);
        for (int step = 1; step <= 200; step++) {
            assertTrue(step <= 50 ? s.at(step) > s.at(step - 1) : s.at(step) < s.at(step - 1), "rises to the peak, then falls: " + step);
        }
        assertEquals(0.95f, s.momentumAt(0));
        assertEquals(0.85f, s.momentumAt(50));
        assertEquals(0.90f, s.momentumAt(25), 1e-6);
        assertEquals(0.95f, s.momentumAt(200));
    }

    @Test
    void otherSchedules_leaveTheMomentumToTheOptimiser() {
        for (Schedule kind : new Schedule[] {Schedule.CONSTANT, Schedule.STEP, Schedule.COSINE}) {
            assertTrue(Float.isNaN(new LearningRateSchedule(kind, 1f, 0, 10, 10, 1, 0.1f).momentumAt(3)), kind.toString());
        }
    }

    @Test
    void oneCycleWithWarmup_isRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingOptions.builder().optSchedule(Schedule.ONECYCLE).optWarmupEpochs(1).build());
        assertTrue(e.getMessage().startsWith("warmup does not apply to schedule onecycle"), e.getMessage());
    }
}
