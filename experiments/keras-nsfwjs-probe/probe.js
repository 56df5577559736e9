const tf = require('@tensorflow/tfjs');
const jpeg = require('jpeg-js');
const fs = require('fs'), path = require('path');
const assets = process.env.GRAFT_ASSETS || path.resolve(__dirname, '../../../shared/assets');
const dir = path.join(assets, 'keras/tfjs_mobilenet_v2_nsfw');
const handler = { load: async () => {
  const m = JSON.parse(fs.readFileSync(path.join(dir, 'model.json')));
  const specs = [], bufs = [];
  for (const g of m.weightsManifest) { specs.push(...g.weights); for (const p of g.paths) bufs.push(fs.readFileSync(path.join(dir, p))); }
  const b = Buffer.concat(bufs);
  return { modelTopology: m.modelTopology, weightSpecs: specs, weightData: b.buffer.slice(b.byteOffset, b.byteOffset + b.length) };
}};
async function feats(model, files) {
  const out = [];
  for (const f of files) {
    let img; try { img = jpeg.decode(fs.readFileSync(f), {useTArray: true, maxMemoryUsageInMB: 2048}); } catch (e) { continue; }
    const x = tf.tidy(() => {
      const t = tf.tensor3d(img.data, [img.height, img.width, 4], 'int32').slice([0,0,0],[-1,-1,3]).toFloat().div(255);
      return tf.image.resizeBilinear(t, [224, 224], true).expandDims(0);
    });
    const y = model.predict(x); out.push(Array.from(await y.data())); x.dispose(); y.dispose();
  }
  return out;
}
function list(split) {
  const r = [];
  for (const [c, lab] of [['ants', 0], ['bees', 1]]) {
    const d = path.join(assets, 'datasets/hymenoptera', split, c);
    for (const f of fs.readdirSync(d).sort()) if (/\.jpe?g$/i.test(f)) r.push([path.join(d, f), lab]);
  }
  return r;
}
(async () => {
  const m = await tf.loadLayersModel(handler);
  const layer = process.argv[2] || 'flatten_1';
  let outT = m.getLayer(layer).output;
  if (outT.shape.length === 4) outT = tf.layers.globalAveragePooling2d({}).apply(outT);
  const fm = tf.model({inputs: m.inputs, outputs: outT});
  const res = {};
  for (const split of ['train', 'val']) {
    const l = list(split);
    const F = await feats(fm, l.map(e => e[0]));
    res[split] = {x: F, y: l.map(e => e[1])};
  }
  fs.writeFileSync(path.join(__dirname, `feats_${layer}.json`), JSON.stringify(res));
  console.log('done', res.train.x.length, res.val.x.length, res.train.x[0].length);
})();
