package dev.graft.core.options;

import dev.graft.core.run.FinetuneOptions;
import java.nio.file.Path;

/**
 * The data setters shared by builders whose options include fine-tuning's data options (the
 * {@code FineTuning} and {@code Audit} builders), so both read the same splits from the same values.
 *
 * @param <B> the builder type
 */
public interface DataBuilder<B extends DataBuilder<B>> {

    /**
     * Sets a declared option by its name.
     *
     * @param name the option's name
     * @param value its value, {@code null} to unset
     * @return this
     */
    B opt(String name, Object value);

    /** @param data training data: ImageFolder folder, CSV manifest or NPZ @return this */
    default B setData(Path data) {
        return opt(FinetuneOptions.DATA.name(), data);
    }

    /** @param val validation data @return this */
    default B optValidationData(Path val) {
        return opt(FinetuneOptions.VAL.name(), val);
    }

    /** @param test test data @return this */
    default B optTestData(Path test) {
        return opt(FinetuneOptions.TEST.name(), test);
    }
}
