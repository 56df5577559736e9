package dev.graft.core.audit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.core.engine.Engines;

/**
 * The k nearest neighbours of every row of a set of L2-normalised vectors by cosine similarity,
 * found exactly: the rows are multiplied with all rows a block at a time (PyTorch's matrix
 * multiply) and the top k of each row kept, so memory is one block of similarities, not n².
 * Exact search stays practical to tens of thousands of rows (measured by {@code graft bench
 * --audit}); an approximate index (HNSW) was considered but does not resolve from Maven Central
 * here (hnswlib-core 1.1.2 names a missing hnswlib-utils 1.1.2).
 *
 * @param index the neighbours of each row, most similar first (self excluded)
 * @param similarity their cosine similarities
 */
public record Neighbours(int[][] index, float[][] similarity) {

    /** Rows multiplied at once: bounds memory to block × n floats. */
    private static final int BLOCK = 512;

    /**
     * Finds the neighbours.
     *
     * @param unit L2-normalised rows, all the same length
     * @param k neighbours per row (capped at n - 1)
     * @return the neighbours
     */
    public static Neighbours exact(float[][] unit, int k) {
        int n = unit.length;
        int kk = Math.min(k, n - 1);
        int[][] index = new int[n][];
        float[][] similarity = new float[n][];
        if (kk <= 0) {
            for (int i = 0; i < n; i++) {
                index[i] = new int[0];
                similarity[i] = new float[0];
            }
            return new Neighbours(index, similarity);
        }
        int d = unit[0].length;
        Engines.usePyTorchOnThisThread();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray all = manager.create(flatten(unit, 0, n, d), new Shape(n, d));
            NDArray allT = all.transpose();
            for (int from = 0; from < n; from += BLOCK) {
                int count = Math.min(BLOCK, n - from);
                try (NDManager scope = manager.newSubManager()) {
                    NDArray block = scope.create(flatten(unit, from, count, d), new Shape(count, d));
                    NDArray sims = block.matMul(allT);
                    NDList top = sims.topK(kk + 1, 1, true, true);
                    float[] values = top.get(0).toFloatArray();
                    long[] ids = top.get(1).toLongArray();
                    for (int r = 0; r < count; r++) {
                        int row = from + r;
                        int[] idx = new int[kk];
                        float[] sim = new float[kk];
                        int filled = 0;
                        for (int c = 0; c <= kk && filled < kk; c++) {
                            int j = (int) ids[r * (kk + 1) + c];
                            if (j != row) {
                                idx[filled] = j;
                                sim[filled++] = values[r * (kk + 1) + c];
                            }
                        }
                        index[row] = idx;
                        similarity[row] = sim;
                    }
                }
            }
        }
        return new Neighbours(index, similarity);
    }

    /**
     * Scales rows to unit length (zero rows stay zero).
     *
     * @param vectors the rows
     * @return new unit rows
     */
    public static float[][] normalise(float[][] vectors) {
        float[][] unit = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            double norm = 0;
            for (float v : vectors[i]) {
                norm += v * v;
            }
            float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            unit[i] = new float[vectors[i].length];
            for (int j = 0; j < unit[i].length; j++) {
                unit[i][j] = vectors[i][j] * scale;
            }
        }
        return unit;
    }

    private static float[] flatten(float[][] rows, int from, int count, int d) {
        float[] flat = new float[count * d];
        for (int i = 0; i < count; i++) {
            System.arraycopy(rows[from + i], 0, flat, i * d, d);
        }
        return flat;
    }
}
