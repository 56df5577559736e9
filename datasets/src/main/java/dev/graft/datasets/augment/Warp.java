package dev.graft.datasets.augment;

/** Resampling helpers shared by the geometric operations: bilinear sampling with zero fill. */
final class Warp {

    private Warp() {}

    /**
     * Samples the image at each output pixel's source position {@code (sx, sy)} given by a map.
     *
     * @param chw the source image
     * @param side the side
     * @param source maps an output pixel to a source position, written into {@code xy}
     * @return the resampled image
     */
    static float[] resample(float[] chw, int side, SourceMap source) {
        float[] out = new float[chw.length];
        int plane = side * side;
        double[] xy = new double[2];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                source.at(x + 0.5, y + 0.5, xy);
                double sx = xy[0] - 0.5;
                double sy = xy[1] - 0.5;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                for (int c = 0; c < 3; c++) {
                    int base = c * plane;
                    double v = (1 - fx) * (1 - fy) * at(chw, base, side, x0, y0) + fx * (1 - fy) * at(chw, base, side, x0 + 1, y0)
                            + (1 - fx) * fy * at(chw, base, side, x0, y0 + 1) + fx * fy * at(chw, base, side, x0 + 1, y0 + 1);
                    out[base + y * side + x] = (float) Math.min(1, Math.max(0, v));
                }
            }
        }
        return out;
    }

    private static float at(float[] chw, int base, int side, int x, int y) {
        return x < 0 || y < 0 || x >= side || y >= side ? 0f : chw[base + y * side + x];
    }

    /** Where an output pixel comes from. */
    interface SourceMap {
        void at(double x, double y, double[] xy);
    }

    /**
     * An affine map about the image centre: the output is the source rotated by {@code degrees},
     * scaled by {@code scale}, sheared by {@code shearDegrees} along x and shifted by {@code (tx, ty)}
     * pixels; the returned map is its inverse, from output to source.
     */
    static SourceMap affine(int side, double degrees, double scale, double shearDegrees, double tx, double ty) {
        double a = Math.toRadians(degrees);
        double sh = Math.tan(Math.toRadians(shearDegrees));
        // forward: [cos -sin; sin cos] * [1 sh; 0 1] * scale
        double m00 = scale * Math.cos(a);
        double m01 = scale * (Math.cos(a) * sh - Math.sin(a));
        double m10 = scale * Math.sin(a);
        double m11 = scale * (Math.sin(a) * sh + Math.cos(a));
        double det = m00 * m11 - m01 * m10;
        double c = side / 2.0;
        return (x, y, xy) -> {
            double dx = x - c - tx;
            double dy = y - c - ty;
            xy[0] = (m11 * dx - m01 * dy) / det + c;
            xy[1] = (-m10 * dx + m00 * dy) / det + c;
        };
    }
}
