package dev.graft.datasets.image;

/** What to do with an image that cannot be decoded. */
public enum BadImagePolicy {
    /** Stop with an error naming the file (the default: no silent data loss). */
    FAIL,
    /** Leave the image out, count it and report the count ({@code --skip-bad}). */
    SKIP
}
