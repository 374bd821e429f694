import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { CLI, REPO_ROOT, runCli } from '../helpers/temp-site';

const CRDS = path.join(REPO_ROOT, '..', 'shared', 'crds');
const SEED_FIXTURES = path.join(__dirname, '..', 'fixtures', 'seed');

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const profile = (overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
  apiVersion: 'nnf.cray.hpe.com/v1alpha11',
  kind: 'NnfContainerProfile',
  metadata: { name: 'sample', namespace: 'nnf-system' },
  data: { spec: { containers: [{ name: 'app', image: 'alpine:3.20' }] }, ...data },
  ...overrides,
});

describe('nnf-profiles validate', () => {
  let dir: string;
  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : yaml.dump(content));
    return file;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-validate-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each(['production', 'legacy'])('accepts the committed dist/%s', (environment) => {
    const files = fs
      .readdirSync(path.join(REPO_ROOT, 'dist', environment))
      .filter((f) => f.startsWith('nnfcontainerprofile-'))
      .map((f) => path.join('dist', environment, f));
    const run = runCli(['validate', ...files]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`validate: ${files.length} profiles, 0 errors, 0 warnings\n`);
    expect(run.status).toBe(0);
  });

  test('accepts the seed documentation’s profiles for their version', () => {
    const run = runCli(['validate', ...['red-rock-slushy', 'mpi-red-rock-slushy'].map((n) => path.join(SEED_FIXTURES, `${n}.yaml`))]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  test('reads kind: List as kubectl prints it, status and server-set metadata included, from standard input', () => {
    const listed = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          ...profile(),
          metadata: {
            name: 'sample',
            namespace: 'nnf-system',
            uid: '5d1c',
            resourceVersion: '42',
            generation: 1,
            creationTimestamp: '2026-01-01T00:00:00Z',
            managedFields: [{ manager: 'kubectl' }],
          },
          status: {},
        },
      ],
      metadata: { resourceVersion: '' },
    };
    const run = spawnSync(process.execPath, [CLI, 'validate', '-'], { input: yaml.dump(listed), encoding: 'utf8' });
    expect(run.stdout).toBe('validate: 1 profile, 0 errors, 0 warnings\n');
    expect(run.status).toBe(0);
  });

  test('fails with exit status 1, listing every problem of every document as layer: file: profile: path: message [rule]', () => {
    const file = write(
      'bad.yaml',
      [
        yaml.dump(profile({ metadata: { name: 'Bad_Name', namespace: 'nnf-system' } })),
        yaml.dump(profile({ metadata: { name: 'second', namespace: 'nnf-system' } }, { retryLimit: -1 })),
        yaml.dump({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }),
      ].join('---\n'),
    );
    const run = runCli(['validate', file]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^job: ${escape(file)}: Bad_Name: metadata\\.name: .*\\[dws/profile-name\\]$`, 'm'));
    expect(run.stderr).toMatch(new RegExp(`^cluster: ${escape(file)}: Bad_Name: metadata\\.name: .*\\[metadata/name\\]$`, 'm'));
    expect(run.stderr).toContain(`cluster: ${file}: second: data.retryLimit: must be >= 0 [schema/minimum]\n`);
    expect(run.stdout).toMatch(/^validate: 2 profiles, \d+ errors, 0 warnings, 1 other object skipped\n$/);
  });

  test('applies the schema’s defaults before the admission rules, as the API server does', () => {
    // v1alpha1 is its CRD's storage version, so its own webhook judges it (a v1alpha6 object is converted to v1alpha8)
    const legacy = {
      apiVersion: 'nnf.cray.hpe.com/v1alpha1',
      kind: 'NnfContainerProfile',
      metadata: { name: 'deadline' },
      data: { spec: { activeDeadlineSeconds: 60, containers: [{ name: 'app', image: 'alpine:3.20' }] } },
    };
    const deadline = write('deadline.yaml', legacy);
    const run = runCli(['validate', deadline]);
    expect(run.status).toBe(1);
    for (const field of ['preRunTimeoutSeconds', 'postRunTimeoutSeconds']) {
      expect(run.stderr).toContain(
        `cluster: ${deadline}: deadline: data.spec.activeDeadlineSeconds: ${field} is 300 (also the default when omitted), `,
      );
    }
    expect(
      run.stderr
        .trim()
        .split('\n')
        .every((line) => line.endsWith('[nnf-admission/timeout-deadline]')),
    ).toBe(true);
    const fixed = { ...legacy, data: { ...legacy.data, preRunTimeoutSeconds: 0, postRunTimeoutSeconds: 0 } };
    const fixedRun = runCli(['validate', write('deadline-fixed.yaml', fixed)]);
    expect(fixedRun.stderr).toBe('');
    expect(fixedRun.status).toBe(0);
  });

  test('judges an object in a served version that is not the storage version as the version it is converted to', () => {
    // GIVEN a v1alpha6 profile with activeDeadlineSeconds, which its CRD stores as v1alpha8, where the field does not exist
    const legacy = {
      apiVersion: 'nnf.cray.hpe.com/v1alpha6',
      kind: 'NnfContainerProfile',
      metadata: { name: 'deadline' },
      data: { spec: { activeDeadlineSeconds: 60, containers: [{ name: 'app', image: 'alpine:3.20' }] } },
    };
    const file = write('deadline-v6.yaml', legacy);
    // THEN the v1alpha8 webhook, which has no deadline rule, does not refuse it, but the cluster drops the field: a job finding
    const run = runCli(['validate', file]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^job: ${escape(file)}: deadline: data\\.spec\\.activeDeadlineSeconds: CRD v1alpha6-v1alpha8 stores v1alpha8, and converting v1alpha6 to v1alpha8 drops this field: .* \\[conversion/lossy\\]\n$`,
      ),
    );
    expect(run.stdout).toBe('validate: 1 profile, 1 error, 0 warnings\n');
    const cluster = runCli(['validate', '--cluster', file]);
    expect(cluster.stderr).toBe('');
    expect(cluster.stdout).toBe('validate: 1 profile, 0 refusals by the cluster (1 finding of other layers not shown)\n');
    expect(cluster.status).toBe(0);
  });

  test('--cluster reports only what the cluster refuses, and fails for it', () => {
    // GIVEN one profile the API server refuses (an unknown field) and one it stores but a job cannot use (a 70-character container name)
    const file = write(
      'cluster-and-job.yaml',
      [
        yaml.dump(profile({ metadata: { name: 'refused', namespace: 'nnf-system' } }, { bogus: 1 })),
        yaml.dump(
          profile(
            { metadata: { name: 'stored', namespace: 'nnf-system' } },
            { spec: { containers: [{ name: 'a'.repeat(70), image: 'alpine:3.20' }] } },
          ),
        ),
      ].join('---\n'),
    );
    // WHEN validated without --cluster, THEN both are reported, each with its layer
    const all = runCli(['validate', file]);
    expect(all.status).toBe(1);
    expect(all.stderr).toMatch(new RegExp(`^cluster: ${escape(file)}: refused: data\\.bogus: .*\\[schema/unknown-field\\]$`, 'm'));
    expect(all.stderr).toMatch(
      new RegExp(
        `^job: ${escape(file)}: stored: data\\.spec\\.containers\\[0\\]\\.name: .*70 characters.*\\[job/container-name-length\\]$`,
        'm',
      ),
    );
    expect(all.stdout).toBe('validate: 2 profiles, 2 errors, 0 warnings\n');
    // WHEN validated with --cluster, THEN only the cluster's refusal is printed, and it fails
    const run = runCli(['validate', '--cluster', file]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^cluster: ${escape(file)}: refused: data\\.bogus: .*\\[schema/unknown-field\\]\n$`));
    expect(run.stdout).toBe('validate: 2 profiles, 1 refusal by the cluster (1 finding of other layers not shown)\n');
  });

  test('--cluster passes profiles with only job and lint findings, which plain validate refuses', () => {
    // GIVEN a 70-character container name (job) and an untagged image (lint)
    const file = write(
      'job-and-lint.yaml',
      [
        yaml.dump(
          profile(
            { metadata: { name: 'long', namespace: 'nnf-system' } },
            { spec: { containers: [{ name: 'a'.repeat(70), image: 'alpine:3.20' }] } },
          ),
        ),
        yaml.dump(
          profile(
            { metadata: { name: 'floating', namespace: 'nnf-system' } },
            { spec: { containers: [{ name: 'app', image: 'alpine' }] } },
          ),
        ),
      ].join('---\n'),
    );
    const plain = runCli(['validate', file]);
    expect(plain.status).toBe(1);
    expect(plain.stderr).toMatch(
      new RegExp(`^job: ${escape(file)}: long: data\\.spec\\.containers\\[0\\]\\.name: .*\\[job/container-name-length\\]$`, 'm'),
    );
    expect(plain.stderr).toMatch(
      new RegExp(`^lint: ${escape(file)}: floating: data\\.spec\\.containers\\[0\\]\\.image: .*\\[reference/image-pull-policy\\]$`, 'm'),
    );
    expect(plain.stderr).not.toContain('warning: ');
    expect(plain.stdout).toBe('validate: 2 profiles, 1 error, 1 warning\n');
    const cluster = runCli(['validate', '--cluster', file]);
    expect(cluster.stderr).toBe('');
    expect(cluster.stdout).toBe('validate: 2 profiles, 0 refusals by the cluster (2 findings of other layers not shown)\n');
    expect(cluster.status).toBe(0);
  });

  test('--help explains --cluster and lists the four layers', () => {
    const run = runCli(['validate', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--cluster');
    for (const layer of ['cluster', 'job', 'policy', 'lint']) expect(run.stdout).toMatch(new RegExp(`^ {2}${layer} +\\S`, 'm'));
  });

  test('judges integers beyond 2^53 exactly, in YAML and JSON, against the Go type the webhook decodes into', () => {
    const text = (value: string) =>
      [
        'apiVersion: nnf.cray.hpe.com/v1alpha11',
        'kind: NnfContainerProfile',
        'metadata: {name: big, namespace: nnf-system}',
        'data:',
        `  preRunTimeoutSeconds: ${value}`,
        "  spec: {containers: [{name: app, image: 'alpine:3.20'}]}",
        '',
      ].join('\n');
    expect(runCli(['validate', write('int64-max.yaml', text('9223372036854775807'))]).status).toBe(0);
    const over = write(
      'int64-over.json',
      JSON.stringify(yaml.load(text('0'))).replace('"preRunTimeoutSeconds":0', '"preRunTimeoutSeconds":9223372036854775808'),
    );
    const run = runCli(['validate', over]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `cluster: ${over}: big: data.preRunTimeoutSeconds: is 9223372036854775808, which does not fit the Go type int64 (-9223372036854775808 … 9223372036854775807) the NNF webhook decodes data.preRunTimeoutSeconds into; the webhook would refuse to decode the profile (HTTP 400) [nnf-admission/decode]\n`,
    );
  });

  test('checks an object without a namespace as if it were in --namespace', () => {
    const file = write('no-namespace.yaml', profile({ metadata: { name: 'sample' } }));
    expect(runCli(['validate', file]).status).toBe(0);
    const elsewhere = write('elsewhere.yaml', profile({ metadata: { name: 'sample', namespace: 'default' } }));
    const run = runCli(['validate', '--namespace', 'nnf-system', elsewhere]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('[nnf-admission/namespace]');
    expect(runCli(['validate', '--namespace', 'default', elsewhere]).status).toBe(0);
  });

  test('--api-version checks every object as that version', () => {
    const file = write('old.yaml', profile({ apiVersion: 'nnf.cray.hpe.com/v1alpha2' }));
    expect(runCli(['validate', file]).status).toBe(2);
    const run = runCli(['validate', '--api-version', 'v1alpha1', file]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  test.each([
    [['validate', '/nonexistent/profiles.yaml'], 'nnf-profiles validate: /nonexistent/profiles.yaml: cannot read it (ENOENT)'],
    [['validate', '--crd', '/nonexistent/crd.yaml', 'x.yaml'], 'nnf-profiles validate: /nonexistent/crd.yaml: cannot read the CRD'],
  ])('fails with exit status 2 on unusable input: %j', (args, message) => {
    const run = runCli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });

  test('fails with exit status 2 on text that is not YAML, or a profile version it does not know', () => {
    const notYaml = runCli(['validate', write('broken.yaml', 'a: [1, 2\n')]);
    expect(notYaml.status).toBe(2);
    expect(notYaml.stderr).toContain('broken.yaml: not YAML:');
    const unknown = runCli(['validate', write('v2.yaml', profile({ apiVersion: 'nnf.cray.hpe.com/v2' }))]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('apiVersion nnf.cray.hpe.com/v2 is not a profile version this tool knows');
  });

  test('fails with exit status 2 when no file is named', () => {
    const run = runCli(['validate']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('name at least one YAML file');
  });

  const withCrds = fs.existsSync(CRDS) ? test : test.skip;
  if (!fs.existsSync(CRDS)) console.warn(`skipped: the --crd test needs ${CRDS}, which is absent`);
  withCrds('--crd uses the site’s own CRD file', () => {
    const crd = path.join(CRDS, 'nnfcontainerprofiles.v1alpha6-v1alpha8.yaml');
    const file = write('v8.yaml', profile({ apiVersion: 'nnf.cray.hpe.com/v1alpha8' }));
    expect(runCli(['validate', '--crd', crd, file]).status).toBe(0);
    const eleven = runCli(['validate', '--crd', crd, write('v11.yaml', profile())]);
    expect(eleven.status).toBe(2);
    expect(eleven.stderr).toContain('no served schema for v1alpha11');
  });
});
