package dev.graft.datasets.split;

import dev.graft.datasets.ImageDataset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The four splits the course notes use: train (fit), train-val (same distribution as train, not
 * fitted: measures variance), val (model selection) and test (the final, untouched estimate).
 * Any split but train may be empty.
 *
 * @param train the training data
 * @param trainVal held-out data from the training distribution
 * @param val the validation data
 * @param test the test data
 */
public record DatasetSplits(
        ImageDataset train, ImageDataset trainVal, ImageDataset val, ImageDataset test) {

    /** @return the splits by name, in order train, train_val, val, test */
    public Map<String, ImageDataset> byName() {
        Map<String, ImageDataset> map = new LinkedHashMap<>();
        map.put("train", train);
        map.put("train_val", trainVal);
        map.put("val", val);
        map.put("test", test);
        return map;
    }
}
