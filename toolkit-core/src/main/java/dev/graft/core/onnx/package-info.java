/** ONNX files as backbones: run as is in ONNX Runtime (a fixed feature extractor). */
package dev.graft.core.onnx;
