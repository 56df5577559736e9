/**
 * TensorFlow SavedModels as frozen feature extractors ({@code --arch savedmodel}), run by DJL's
 * TensorFlow engine on TensorFlow 2.16.1 natives from TensorFlow Java's {@code
 * tensorflow-core-native} jar. Built only with the Maven profile {@code tensorflow}.
 */
package dev.graft.tensorflow;
