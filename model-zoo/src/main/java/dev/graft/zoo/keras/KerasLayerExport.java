package dev.graft.zoo.keras;

import ai.djl.nn.Block;

/**
 * How the Keras / TensorFlow.js exporter writes one kind of block as Keras layers: which blocks it
 * accepts and the layers it adds for one. Registered by name in {@link KerasLayerExports};
 * exactly one registered export may accept a block.
 */
public interface KerasLayerExport {

    /**
     * Tells whether this export writes a block.
     *
     * @param block the block
     * @return whether it does
     */
    boolean accepts(Block block);

    /**
     * Writes a block it accepts.
     *
     * @param block the block
     * @param name its dotted module name
     * @param input the tensor it reads
     * @param context the model being written and the exporter
     * @return the tensor it produces
     */
    KerasTensor write(Block block, String name, KerasTensor input, KerasExportContext context);

    /**
     * Writes blocks of one class.
     *
     * @param <B> the block class
     * @param type the block class; subclasses are accepted too
     * @param writer writes one block
     * @return the export
     */
    static <B extends Block> KerasLayerExport of(Class<B> type, Writer<B> writer) {
        return of(type, null, writer);
    }

    /**
     * Writes blocks of one class except those of a subclass that has an export of its own (a
     * sequence export, say, leaving dense concatenations to theirs).
     *
     * @param <B> the block class
     * @param type the block class; subclasses are accepted too
     * @param except the subclass to refuse, or {@code null}
     * @param writer writes one block
     * @return the export
     */
    static <B extends Block> KerasLayerExport of(Class<B> type, Class<? extends Block> except, Writer<B> writer) {
        return new KerasLayerExport() {
            @Override
            public boolean accepts(Block block) {
                return type.isInstance(block) && (except == null || !except.isInstance(block));
            }

            @Override
            public KerasTensor write(Block block, String name, KerasTensor input, KerasExportContext context) {
                return writer.write(type.cast(block), name, input, context);
            }
        };
    }

    /**
     * Writes one block of a known class.
     *
     * @param <B> the block class
     */
    @FunctionalInterface
    interface Writer<B extends Block> {

        /**
         * Writes a block.
         *
         * @param block the block
         * @param name its dotted module name
         * @param input the tensor it reads
         * @param context the model being written and the exporter
         * @return the tensor it produces
         */
        KerasTensor write(B block, String name, KerasTensor input, KerasExportContext context);
    }
}
