import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import {
  imageProblem,
  profileFromExample,
  profileFromTemplate,
  profileNameProblem,
  shippedExamples,
  TEMPLATE_IMAGES,
} from '../../src/scaffold';
import { makeTempSite, REPO_ROOT, runCli } from '../helpers/temp-site';

type Doc = any;

const SITE = `import { defineSite } from './src';
export default defineSite({
  environments: [{ name: 'new' }, { name: 'old', apiVersion: 'v1alpha6' }],
  // The shipped site's registries: templates must pass its policy as written.
  policy: { allowedRegistries: ['docker.io/library', 'docker.io/dean', 'ghcr.io/nearnodeflash'] },
});
`;

describe('profileNameProblem', () => {
  test.each(['my-app', 'ab', 'a1', 'x-9-y'])('accepts %s', (name) => {
    expect(profileNameProblem(name)).toBeUndefined();
  });

  test.each(['a', 'My-app', '1app', 'my_app', 'my.app', '-app', ''])('refuses %j, which no #DW container directive can select', (name) => {
    expect(profileNameProblem(name)).toContain('cannot be selected by any #DW container directive');
  });

  test.each(['app-', `a${'b'.repeat(63)}`])('refuses %s, which is not a DNS label', (name) => {
    expect(profileNameProblem(name)).toContain('is not a DNS label');
  });

  test.each(['example-success', 'example-forever-nowait', 'example-mpi-webserver'])(
    'refuses %s, a name nnf-sos ships a profile of',
    (name) => {
      expect(profileNameProblem(name)).toContain(`nnf-sos ships a profile named '${name}'`);
    },
  );
});

describe('imageProblem', () => {
  test('accepts images pinned by tag or digest', () => {
    expect(imageProblem('alpine:3.20')).toBeUndefined();
    expect(imageProblem(`ghcr.io/x/y@sha256:${'a'.repeat(64)}`)).toBeUndefined();
  });

  test('refuses floating and malformed images', () => {
    expect(imageProblem('alpine')).toBe("'alpine' floats (no tag), so nodes may keep running a stale copy; pin a version tag or a digest");
    expect(imageProblem('alpine:latest')).toContain('floats (:latest)');
    expect(imageProblem('Alpine/X:1')).toContain('the image reference has upper-case letters');
  });
});

describe('profileFromExample', () => {
  test('replaces the profile name and the container names made from it', () => {
    const example = { name: 'example-mpi', source: fs.readFileSync(path.join(REPO_ROOT, 'examples/example-mpi.ts'), 'utf8') };
    const copy = profileFromExample(example, 'my-compare');
    expect(copy).toContain("new MpiContainerProfile(scope, 'my-compare', {");
    expect(copy).toContain("name: 'my-compare-launcher'");
    expect(copy).toContain("name: 'my-compare-worker'");
    expect(copy).not.toContain("'example-mpi");
    expect(copy).toContain("from '../src';\n\n// Copied from examples/example-mpi.ts by 'nnf-profiles new'.\n// Demonstrates");
  });

  test('keeps container names that would read as copy-offload containers', () => {
    const copy = profileFromExample(
      { name: 'example-mpi', source: "new MpiContainerProfile(scope, 'example-mpi', { name: 'example-mpi-launcher' })" },
      'copy-offload-test',
    );
    expect(copy).toContain("(scope, 'copy-offload-test', { name: 'example-mpi-launcher' })");
  });
});

describe('generated profiles', () => {
  const examples = [...shippedExamples().keys()];
  const files: Record<string, string> = {
    'profiles/plain.ts': profileFromTemplate({ name: 'plain' }),
    'profiles/parallel.ts': profileFromTemplate({ name: 'parallel', mpi: true }),
    'profiles/own-image.ts': profileFromTemplate({ name: 'own-image', image: 'docker.io/dean/red-rock-slushy:v1.0' }),
    ...Object.fromEntries(
      examples.map((e) => [
        `profiles/my-${e}.ts`,
        profileFromExample({ name: e, source: fs.readFileSync(shippedExamples().get(e)!, 'utf8') }, `my-${e}`),
      ]),
    ),
  };

  test('the shipped examples are known', () => {
    expect(examples).toEqual(expect.arrayContaining(['example-mpi', 'example-success', 'example-mpi-webserver']));
  });

  test('synthesize cleanly for both API eras, without a warning', () => {
    const site = makeTempSite({ 'site.ts': SITE, ...files });
    try {
      const run = runCli(['synth'], site.root);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      for (const env of ['new', 'old']) {
        const plain: Doc = yaml.load(fs.readFileSync(path.join(site.root, 'dist', env, 'nnfcontainerprofile-plain.yaml'), 'utf8'));
        expect(plain.data.storages).toEqual([{ name: 'DW_JOB_scratch', optional: false }]);
        // The NnfPodSpec-era CRD defaults imagePullPolicy, so it is written out there.
        const pullPolicy = env === 'new' ? { imagePullPolicy: 'IfNotPresent' } : {};
        expect(plain.data.spec.containers[0]).toEqual({
          name: 'app',
          image: TEMPLATE_IMAGES.single,
          command: ['ls', '-l', '$(DW_JOB_scratch)'],
          ...pullPolicy,
        });
        const parallel: Doc = yaml.load(fs.readFileSync(path.join(site.root, 'dist', env, 'nnfcontainerprofile-parallel.yaml'), 'utf8'));
        const launcher = env === 'new' ? parallel.data.mpiSpec.launcher : parallel.data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec;
        expect(launcher.containers[0]).toEqual({
          name: 'launcher',
          image: TEMPLATE_IMAGES.mpi,
          command: ['mpirun', 'ls', '-l', '$(DW_JOB_scratch)'],
          ...pullPolicy,
        });
      }
      expect(fs.readdirSync(path.join(site.root, 'dist', 'new')).filter((f) => f.startsWith('nnfcontainerprofile-'))).toHaveLength(
        Object.keys(files).length,
      );
    } finally {
      site.remove();
    }
  });
});
