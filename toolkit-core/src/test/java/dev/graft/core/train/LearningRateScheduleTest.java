package dev.graft.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        assertEquals("unknown schedule 'linear'; use one of [constant, step, cosine].", e.getMessage());
    }
}
