// Runs a TensorFlow.js layers model on raw float32 inputs with pure @tensorflow/tfjs (CPU backend,
// plain JavaScript), for graft's TensorFlow.js export check.
//
//   node tfjs-predict.js MODEL_DIR INPUT.bin N,H,W,C OUTPUT.bin
//
// INPUT.bin holds N*H*W*C little-endian float32 values (NHWC); OUTPUT.bin receives the model's
// output the same way. The last line on stdout is a JSON summary: output shape, backend, tfjs
// version and the model's user-defined metadata. @tensorflow/tfjs has no file:// handler outside
// tfjs-node, so the model is loaded through an IOHandler that reads model.json and its shards the
// way file:// does.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

function fileIOHandler(dir) {
  return {
    load: async () => {
      const model = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
      const specs = [];
      const buffers = [];
      for (const group of model.weightsManifest) {
        specs.push(...group.weights);
        for (const shard of group.paths) {
          buffers.push(fs.readFileSync(path.join(dir, shard)));
        }
      }
      const data = Buffer.concat(buffers);
      return {
        modelTopology: model.modelTopology,
        weightSpecs: specs,
        weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
        format: model.format,
        generatedBy: model.generatedBy,
        convertedBy: model.convertedBy,
        userDefinedMetadata: model.userDefinedMetadata,
      };
    },
  };
}

async function main() {
  const [dir, inputFile, shapeText, outputFile] = process.argv.slice(2);
  if (!outputFile) {
    throw new Error('usage: node tfjs-predict.js MODEL_DIR INPUT.bin N,H,W,C OUTPUT.bin');
  }
  await tf.setBackend('cpu');
  await tf.ready();
  const model = await tf.loadLayersModel(fileIOHandler(dir));
  const shape = shapeText.split(',').map(Number);
  const bytes = fs.readFileSync(inputFile);
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const output = model.predict(tf.tensor(values, shape, 'float32'));
  const result = await output.data();
  fs.writeFileSync(outputFile, Buffer.from(result.buffer, result.byteOffset, result.byteLength));
  console.log(JSON.stringify({
    shape: output.shape,
    backend: tf.getBackend(),
    version: tf.version.tfjs,
    metadata: model.getUserDefinedMetadata() || null,
  }));
}

main().catch((e) => {
  console.error(String(e && e.message ? e.message : e).split('\n')[0]);
  process.exit(1);
});
