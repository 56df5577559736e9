/**
 * Export of trained runs with automatic parity checks: ONNX, checked on ONNX Runtime, and
 * TensorFlow.js layers models, checked in Node's {@code @tensorflow/tfjs}.
 */
package dev.graft.core.export;
