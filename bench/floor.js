'use strict';
// The floor for synth: start Node, load js-yaml, and dump already-rendered objects to one YAML
// file each. Nothing of what synth adds (loading TypeScript, constructs, rendering, validation,
// comparing with dist/) — what any tool writing these files must at least pay.
// usage: node bench/floor.js OBJECTS.json OUT_DIR   (OBJECTS.json: [[fileName, object], ...])
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');

const [objectsFile, outDir] = process.argv.slice(2);
const entries = JSON.parse(fs.readFileSync(objectsFile, 'utf8'));
fs.mkdirSync(outDir, { recursive: true });
for (const [name, object] of entries) {
  fs.writeFileSync(path.join(outDir, name), yaml.dump(object, { noRefs: true, lineWidth: -1, sortKeys: false }));
}
