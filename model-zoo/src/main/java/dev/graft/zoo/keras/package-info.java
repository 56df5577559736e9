/**
 * Keras model files in pure Java: readers of TF.js layers models, Keras 2 / tf.keras / Keras 1
 * {@code .h5} and Keras 3 {@code .keras} archives into one {@link dev.graft.zoo.keras.KerasModelFile}
 * ({@link dev.graft.zoo.keras.KerasFiles#read}), a {@code save_weights}-layout writer, {@code
 * keras://} Keras Applications weights and the configs of Keras Applications architectures.
 */
package dev.graft.zoo.keras;
