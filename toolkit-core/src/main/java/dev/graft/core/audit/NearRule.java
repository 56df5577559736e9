package dev.graft.core.audit;

/**
 * When two neighbouring images count as near-duplicates: their embeddings' cosine similarity
 * reaches {@code strict}, or it reaches {@code loose} and their difference hashes differ in at
 * most {@code hashDistance} bits (the perceptual hash confirming what the embedding suggests).
 *
 * @param strict the similarity that suffices alone
 * @param loose the similarity that suffices with a confirming hash
 * @param hashDistance the largest confirming difference-hash distance
 * @param calibrated whether the values were calibrated on the data (else given)
 */
public record NearRule(double strict, double loose, int hashDistance, boolean calibrated) {

    /**
     * @param similarity cosine similarity of two embeddings
     * @param distance their difference hashes' distance (negative when unknown)
     * @return whether the two are near-duplicates
     */
    public boolean accepts(double similarity, int distance) {
        return similarity >= strict || (similarity >= loose && distance >= 0 && distance <= hashDistance);
    }
}
