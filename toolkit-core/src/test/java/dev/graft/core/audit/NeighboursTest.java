package dev.graft.core.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NeighboursTest {

    @Test
    void blockedSearch_equalsBruteForce_acrossBlockBoundaries() {
        Random random = new Random(3);
        float[][] v = new float[1100][24];
        for (float[] row : v) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        float[][] unit = Neighbours.normalise(v);
        Neighbours found = Neighbours.exact(unit, 5);
        for (int i : new int[] {0, 511, 512, 1099}) {
            int row = i;
            int[] expected = IntStream.range(0, unit.length).filter(j -> j != row).boxed()
                    .sorted(Comparator.comparingDouble((Integer j) -> -dot(unit[row], unit[j]))).limit(5).mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, found.index()[i], "row " + i);
            assertEquals(dot(unit[i], unit[expected[0]]), found.similarity()[i][0], 1e-5);
        }
    }

    @Test
    void linearProbe_outOfFold_separatesSeparableClasses() {
        Random random = new Random(5);
        float[][] x = new float[200][8];
        int[] y = new int[200];
        for (int i = 0; i < 200; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 8; j++) {
                x[i][j] = (float) (random.nextGaussian() + (j == 0 ? 3 * y[i] : 0));
            }
        }
        double[][] p = LinearProbe.outOfFold(x, y, 2, 5, 1);
        long correct = IntStream.range(0, 200).filter(i -> (p[i][1] > 0.5 ? 1 : 0) == y[i]).count();
        // the Bayes rule gets 93 % (means 3 sd apart), chance 50 %
        assertEquals(true, correct >= 170, "out-of-fold accuracy " + correct + "/200");
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
