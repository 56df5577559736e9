package dev.graft.core.embed;

/** Runs a feature extractor on a batch of normalised CHW images. */
interface EmbeddingBackend extends AutoCloseable {

    /**
     * Embeds a batch.
     *
     * @param batch {@code count} normalised CHW images, one after another
     * @param count how many images
     * @param side the image side
     * @return {@code count} embeddings, one after another
     */
    float[] run(float[] batch, int count, int side);

    @Override
    void close();
}
