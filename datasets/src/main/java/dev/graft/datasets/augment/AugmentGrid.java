package dev.graft.datasets.augment;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Renders what a pipeline does: one row per image, the original first, then augmented views (as
 * in epochs 1, 2, …), with a 4-pixel gap, so a user can look before training.
 */
public final class AugmentGrid {

    private static final int GAP = 4;

    private AugmentGrid() {}

    /**
     * Renders the grid.
     *
     * @param images CHW images in [0, 1]
     * @param side their side
     * @param pipeline the pipeline
     * @param views augmented views per image
     * @param seed the seed
     * @return the grid image
     */
    public static BufferedImage render(List<float[]> images, int side, AugmentPipeline pipeline, int views, long seed) {
        int columns = views + 1;
        BufferedImage grid = new BufferedImage(columns * side + (columns + 1) * GAP, images.size() * side + (images.size() + 1) * GAP,
                BufferedImage.TYPE_INT_RGB);
        for (int row = 0; row < images.size(); row++) {
            for (int col = 0; col < columns; col++) {
                float[] chw = col == 0 ? images.get(row) : pipeline.apply(images.get(row), side, seed, col, row);
                draw(grid, chw, side, GAP + col * (side + GAP), GAP + row * (side + GAP));
            }
        }
        return grid;
    }

    private static void draw(BufferedImage grid, float[] chw, int side, int left, int top) {
        int plane = side * side;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int i = y * side + x;
                int r = Math.round(chw[i] * 255);
                int g = Math.round(chw[plane + i] * 255);
                int b = Math.round(chw[2 * plane + i] * 255);
                grid.setRGB(left + x, top + y, (r << 16) | (g << 8) | b);
            }
        }
    }
}
