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
        assertEquals(1f, s.at(29), 1e-6);
        assertEquals(0.1f, s.at(30), 1e-6);
        assertEquals(0.01f, s.at(60), 1e-7);
    }

    @Test
    void unknownScheduleName_isRefusedListingTheNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingOptions.SCHEDULE.parse("linear"));
        assertEquals("unknown schedule 'linear'; use one of [constant, step, cosine].", e.getMessage());
    }
}
