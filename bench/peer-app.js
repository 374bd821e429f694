'use strict';
// A stock cdk8s app that makes the same objects as a synth: main.ts imports one TypeScript file
// per object (as an app whose authors add a file each would), each creating an ApiObject in one
// Chart, and `app.synth()` writes one YAML file per object. No validation, no comparison with an
// earlier output. Run with `tsx main.ts` or, as the stock cdk8s TypeScript template does, with
// `ts-node main.ts` (which type-checks).
// usage: node bench/peer-app.js OBJECTS.json DIR   (OBJECTS.json: [[fileName, object], ...])
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');

/** The stock template's tsconfig.json, less what only matters to an editor. */
const TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true,
    declaration: false,
    experimentalDecorators: true,
    inlineSourceMap: true,
    inlineSources: true,
    lib: ['es2020'],
    module: 'CommonJS',
    noEmitOnError: true,
    noFallthroughCasesInSwitch: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noImplicitThis: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    resolveJsonModule: true,
    strict: true,
    strictNullChecks: true,
    strictPropertyInitialization: true,
    stripInternal: true,
    target: 'ES2020',
    types: ['node'],
  },
  include: ['**/*.ts'],
  exclude: ['node_modules', 'dist'],
};

function generatePeerApp(objects, dir) {
  fs.mkdirSync(path.join(dir, 'objects'), { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  const imports = [];
  const calls = [];
  objects.forEach(([fileName, object], i) => {
    const name = `object${i}`;
    fs.writeFileSync(
      path.join(dir, 'objects', `${name}.ts`),
      `import { ApiObject, Chart } from 'cdk8s';\n\nexport default (chart: Chart) =>\n  new ApiObject(chart, ${JSON.stringify(fileName)}, ${JSON.stringify(object, null, 2)});\n`,
    );
    imports.push(`import ${name} from './objects/${name}';`);
    calls.push(`${name}(chart);`);
  });
  fs.writeFileSync(
    path.join(dir, 'main.ts'),
    [
      "import { App, Chart, YamlOutputType } from 'cdk8s';",
      ...imports,
      '',
      "const app = new App({ outdir: 'dist', yamlOutputType: YamlOutputType.FILE_PER_RESOURCE });",
      "const chart = new Chart(app, 'bench', { disableResourceNameHashes: true });",
      ...calls,
      'app.synth();',
      '',
    ].join('\n'),
  );
}

module.exports = { generatePeerApp };

if (require.main === module) {
  const [objectsFile, dir] = process.argv.slice(2);
  generatePeerApp(JSON.parse(fs.readFileSync(objectsFile, 'utf8')), dir);
}
