package dev.graft.zoo.onnx;

import ai.djl.nn.Block;

/**
 * How the ONNX exporter writes one kind of block: which blocks it accepts and the nodes it adds
 * for one. Registered by name in {@link BlockExports}; exactly one registered export may accept a
 * block.
 */
public interface BlockExport {

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
     * @param context the graph and the exporter
     * @return the tensor it produces
     */
    String write(Block block, String name, String input, OnnxExportContext context);

    /**
     * The same export, refusing blocks of a subclass that has an export of its own (a sequence
     * export, say, leaving dense concatenations to theirs).
     *
     * @param type the class to refuse, with its subclasses
     * @return the narrowed export
     */
    default BlockExport except(Class<? extends Block> type) {
        BlockExport all = this;
        return new BlockExport() {
            @Override
            public boolean accepts(Block block) {
                return all.accepts(block) && !type.isInstance(block);
            }

            @Override
            public String write(Block block, String name, String input, OnnxExportContext context) {
                return all.write(block, name, input, context);
            }
        };
    }

    /**
     * Writes blocks of one class.
     *
     * @param <B> the block class
     * @param type the block class; subclasses are accepted too
     * @param writer writes one block
     * @return the export
     */
    static <B extends Block> BlockExport of(Class<B> type, Writer<B> writer) {
        return new BlockExport() {
            @Override
            public boolean accepts(Block block) {
                return type.isInstance(block);
            }

            @Override
            public String write(Block block, String name, String input, OnnxExportContext context) {
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
         * @param context the graph and the exporter
         * @return the tensor it produces
         */
        String write(B block, String name, String input, OnnxExportContext context);
    }
}
