package dev.graft.datasets.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.datasets.DatasetException;
import dev.graft.datasets.ImageSource;
import dev.graft.datasets.LabeledImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataEncodingTest {

    private static LabeledImage row(String age, String site) {
        ImageSource source = new ImageSource() {
            @Override
            public java.awt.image.BufferedImage load() {
                throw new UnsupportedOperationException();
            }

            @Override
            public String describe() {
                return "row";
            }
        };
        return new LabeledImage(source, 0, null, Map.of("age", age, "site", site));
    }

    private static final List<LabeledImage> TRAIN = List.of(row("20", "arm"), row("40", "leg"), row("NA", "arm"), row("60", ""));

    @Test
    void fit_standardisesOnTrainingRowsAndOneHotsTheTrainingVocabulary() throws DatasetException {
        MetadataEncoding e = MetadataEncoding.fit(MetadataColumns.parse("age,site"), TRAIN);
        MetadataEncoding.Column age = e.columns().get(0);
        assertEquals(MetadataEncoding.Type.NUMERIC, age.type(), "all non-missing ages parse as numbers");
        assertEquals(40, age.mean(), 1e-12);
        assertEquals(Math.sqrt(800 / 3.0), age.std(), 1e-12, "population std of 20, 40, 60");
        assertEquals(List.of("arm", "leg"), e.columns().get(1).vocabulary());
        assertEquals(5, e.width());
        assertEquals(List.of("age", "age:missing", "site=arm", "site=leg", "site:other"), e.featureNames());
        float z = (float) ((60 - 40) / Math.sqrt(800 / 3.0));
        assertArrayEquals(new float[] {z, 0, 0, 1, 0}, e.encode(row("60", "leg"), "t"));
        assertArrayEquals(new float[] {0, 1, 0, 0, 1}, e.encode(row("", "head"), "t"), "missing age, unseen site");
        assertArrayEquals(new float[] {0, 1, 1, 0, 0}, e.encode(row(" nan ", " arm "), "t"));
    }

    @Test
    void typeHints_overrideInference_andRoundTrip() throws DatasetException {
        MetadataColumns columns = MetadataColumns.parse("age:cat, site:cat");
        assertEquals("age:cat,site:cat", columns.toString());
        MetadataEncoding e = MetadataEncoding.fit(columns, TRAIN);
        assertEquals(List.of("20", "40", "60"), e.columns().get(0).vocabulary());
        assertEquals(7, e.width());
    }

    @Test
    void badInput_isRefusedNamingTheColumn() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MetadataColumns.parse("age:int")).getMessage()
                .contains("metadata column 'age' has type 'int'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MetadataColumns.parse("age,age")).getMessage()
                .contains("'age' twice"));
        assertTrue(assertThrows(DatasetException.class, () -> MetadataEncoding.fit(MetadataColumns.parse("weight"), TRAIN))
                .getMessage().contains("no column 'weight'"));
        assertTrue(assertThrows(DatasetException.class, () -> MetadataEncoding.fit(MetadataColumns.parse("site:num"), TRAIN))
                .getMessage().contains("metadata column 'site' is numeric, but holds 'arm'"));
    }
}
