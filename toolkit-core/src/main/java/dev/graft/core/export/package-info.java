/** ONNX export of trained runs, with automatic parity checks on ONNX Runtime. */
package dev.graft.core.export;
