package dev.graft.core.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DiagnosisTest {

    @Test
    void highTrainError_isAvoidableBias() {
        Diagnosis d = Diagnosis.of(0.02, 0.30, 0.31, 0.32, 0.33);
        assertEquals("avoidable_bias", d.problem());
        assertEquals(0.28, d.gaps().get("avoidable_bias"), 1e-12);
        assertTrue(d.advice().contains("bigger model"));
    }

    @Test
    void trainValFarAboveTrain_isVariance() {
        Diagnosis d = Diagnosis.of(0.0, 0.01, 0.20, 0.22, 0.23);
        assertEquals("variance", d.problem());
        assertEquals(0.19, d.gaps().get("variance"), 1e-12);
    }

    @Test
    void valFarAboveTrainVal_isDataMismatch() {
        Diagnosis d = Diagnosis.of(0.0, 0.02, 0.03, 0.25, 0.26);
        assertEquals("data_mismatch", d.problem());
        assertTrue(d.advice().contains("more like the validation data"));
    }

    @Test
    void withoutTrainVal_varianceIsValMinusTrain_andMismatchIsUnknown() {
        Diagnosis d = Diagnosis.of(0.0, 0.05, Double.NaN, 0.20, Double.NaN);
        assertEquals("variance", d.problem());
        assertTrue(!d.gaps().containsKey("data_mismatch"));
    }

    @Test
    void testFarAboveVal_isValidationOverfitting() {
        assertEquals("validation_overfitting", Diagnosis.of(0.0, 0.02, 0.03, 0.04, 0.20).problem());
    }

    @Test
    void nearHumanLevel_isNone() {
        assertEquals("none", Diagnosis.of(0.05, 0.055, 0.058, 0.06, 0.06).problem());
    }

    @Test
    void humanErrorOutOfRange_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> Diagnosis.of(1.5, 0, 0, 0, 0));
    }

    @Test
    void smallTestSetGap_isNotAFinding() {
        // the case seen on ants/bees: val/test gap 0.059 with 37 test images
        Diagnosis d = Diagnosis.of(0, 0.05, Double.NaN, 0.13, 0.189, 208, 0, 153, 37);
        assertEquals(0.059, d.gaps().get("validation_overfitting"), 1e-12);
        assertTrue(d.intervals().get("validation_overfitting")[0] < 0, "interval reaches below 0");
        assertTrue(!d.significant("validation_overfitting"));
        assertEquals("variance", d.problem(), "the train/val gap of 0.08 on 153 and 208 images is a finding");
        assertEquals("Avoidable bias", Diagnosis.title("avoidable_bias"));
    }

    @Test
    void onlyInsignificantGaps_isNoneWithNoiseAdvice() {
        Diagnosis d = Diagnosis.of(0, 0.10, Double.NaN, 0.15, Double.NaN, 20, 0, 20, 0);
        assertEquals("none", d.problem());
        assertTrue(d.advice().contains("noise"));
    }
}
