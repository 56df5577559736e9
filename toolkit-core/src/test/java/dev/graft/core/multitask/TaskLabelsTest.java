package dev.graft.core.multitask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.datasets.ImageDataset;
import dev.graft.datasets.ImageSource;
import dev.graft.datasets.LabeledImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskLabelsTest {

    private static LabeledImage image(int i, int label, String border) {
        ImageSource source = new ImageSource() {
            @Override
            public BufferedImage load() {
                return new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
            }

            @Override
            public String describe() {
                return "img" + i + ".png";
            }
        };
        return new LabeledImage(source, label, "p" + i, Map.of("border", border, "colors", Integer.toString(1 + i % 3)));
    }

    private static ImageDataset data() {
        List<LabeledImage> images = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            images.add(image(i, i % 2, i % 2 == 0 ? "" : (i < 3 ? "irregular" : "regular")));
        }
        return new ImageDataset(List.of("benign", "melanoma"), images);
    }

    @Test
    void labelsComeFromTheirColumns_andEmptyCellsAreMissing() {
        ImageDataset train = data();
        TaskLabels main = TaskLabels.of(new TaskSpec("diagnosis", "label", "binary", "main", 1), train, "labels.csv");
        TaskLabels border = TaskLabels.of(new TaskSpec("border", "border", "binary", "auxiliary", 0.5), train, "labels.csv");
        TaskLabels colors = TaskLabels.of(new TaskSpec("colors", null, "multiclass", "auxiliary", 0.5), train, "labels.csv");
        assertEquals(List.of("benign", "melanoma"), main.classNames());
        assertEquals(List.of("irregular", "regular"), border.classNames());
        assertEquals(List.of("1", "2", "3"), colors.classNames());
        assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1}, main.labelsOf(train.images()));
        assertArrayEquals(new int[] {-1, 0, -1, 1, -1, 1}, border.labelsOf(train.images()), "half the border labels are missing");
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2}, colors.labelsOf(train.images()));
    }

    @Test
    void mistakes_areNamed() {
        ImageDataset train = data();
        IllegalArgumentException column = assertThrows(IllegalArgumentException.class,
                () -> TaskLabels.of(new TaskSpec("age", "age", "multiclass", "auxiliary", 1), train, "labels.csv"));
        assertTrue(column.getMessage().contains("no column 'age'") && column.getMessage().contains("border"), column.getMessage());
        IllegalArgumentException binary = assertThrows(IllegalArgumentException.class,
                () -> TaskLabels.of(new TaskSpec("colors", "colors", "binary", "auxiliary", 1), train, "labels.csv"));
        assertTrue(binary.getMessage().contains("declare it multiclass"), binary.getMessage());
        TaskLabels border = TaskLabels.of(new TaskSpec("border", "border", "binary", "auxiliary", 1), train, "labels.csv");
        IllegalArgumentException unseen = assertThrows(IllegalArgumentException.class,
                () -> border.labelsOf(List.of(image(9, 0, "jagged"))));
        assertTrue(unseen.getMessage().contains("img9.png") && unseen.getMessage().contains("'jagged'"), unseen.getMessage());
        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
                () -> TaskLabels.of(new TaskSpec("border", "border", "regression", "auxiliary", 1), train, "labels.csv"));
        assertTrue(notANumber.getMessage().contains("regression task") && notANumber.getMessage().contains("'irregular'"),
                notANumber.getMessage());
    }

    @Test
    void regressionValues_areNumbers_standardisedByTheTrainingMeanAndSpread() {
        ImageDataset train = data();
        TaskLabels colors = TaskLabels.of(new TaskSpec("colors", "colors", "regression", "auxiliary", 1), train, "labels.csv");
        assertEquals(List.of(), colors.classNames());
        assertEquals(2.0, colors.mean(), 1e-9);
        assertEquals(Math.sqrt(4.0 / 5), colors.std(), 1e-9, "sample standard deviation of 1,2,3,1,2,3");
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, colors.valuesOf(train.images()));
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0}, colors.labelsOf(train.images()), "every image has a value");
    }

    @Test
    void tasksFile_needsExactlyOneMainTask_andKnownFields() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<TaskSpec> tasks = TaskSpecs.parse(json.readTree("{\"tasks\": [{\"name\": \"diagnosis\", \"column\": \"label\", \"kind\": \"binary\","
                + " \"role\": \"main\"}, {\"name\": \"border\", \"weight\": 0.5}]}"), "tasks.json");
        assertEquals(2, tasks.size());
        assertEquals("border", tasks.get(1).column());
        assertEquals("auxiliary", tasks.get(1).role());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> TaskSpecs.parse(json.readTree("[{\"name\": \"a\"}, {\"name\": \"b\"}]"), "tasks.json"));
        assertTrue(none.getMessage().contains("exactly one task must have role: main, found 0"), none.getMessage());
        IllegalArgumentException field = assertThrows(IllegalArgumentException.class,
                () -> TaskSpecs.parse(json.readTree("[{\"name\": \"a\", \"role\": \"main\", \"loss_weight\": 2}]"), "tasks.json"));
        assertTrue(field.getMessage().contains("task 1: unknown field 'loss_weight'"), field.getMessage());
    }
}
