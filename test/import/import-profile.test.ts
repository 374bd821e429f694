import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { type ImportedProfile, importProfile, type ImportResult, readProfiles } from '../../src/import';
import { UnusableYamlError } from '../../src/yaml/read-documents';
import { REPO_ROOT } from '../helpers/temp-site';

type Doc = any;

const seed = (name: string): Doc => yaml.load(fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/seed', `${name}.yaml`), 'utf8'));

function ok(result: ImportResult): ImportedProfile {
  if (!result.ok) throw new Error(result.message);
  return result.profile;
}

/** A minimal NnfPodSpec-era profile, with `data` merged in. */
function profile(data: Doc = {}, metadata: Doc = {}, apiVersion = 'nnf.cray.hpe.com/v1alpha8'): Doc {
  return {
    apiVersion,
    kind: 'NnfContainerProfile',
    metadata: { name: 'app', namespace: 'nnf-system', ...metadata },
    data: { retryLimit: 6, spec: { containers: [{ name: 'app', image: 'alpine:3.20' }] }, ...data },
  };
}

/** A minimal PodSpec-era MPI profile, with `mpiSpec` merged in. */
function mpiProfile(mpiSpec: Doc = {}): Doc {
  const pod = (name: string) => ({ template: { spec: { containers: [{ name, image: 'ghcr.io/example/mpi:1.0' }] } } });
  return {
    apiVersion: 'nnf.cray.hpe.com/v1alpha6',
    kind: 'NnfContainerProfile',
    metadata: { name: 'mpi', namespace: 'nnf-system' },
    data: {
      retryLimit: 6,
      mpiSpec: {
        mpiImplementation: 'OpenMPI',
        runPolicy: { cleanPodPolicy: 'Running', suspend: false },
        sshAuthMountPath: '/root/.ssh',
        slotsPerWorker: 1,
        mpiReplicaSpecs: { Launcher: pod('launcher'), Worker: pod('worker') },
        ...mpiSpec,
      },
    },
  };
}

describe('importProfile', () => {
  test('writes the seed profile as a person would: Storage constants, the pull secret handle, nothing defaulted', () => {
    const imported = ok(importProfile(seed('red-rock-slushy')));
    expect(imported.fileName).toBe('red-rock-slushy.ts');
    expect(imported.apiVersion).toBe('v1alpha1');
    expect(imported.notes).toEqual([]);
    expect(imported.pullSecrets).toEqual([{ name: 'readonly-red-rock-slushy', identifier: 'readonlyRedRockSlushy' }]);
    expect(imported.source).toBe(`import type { Construct } from 'constructs';
import { ContainerProfile, Storage } from '../src';
import { readonlyRedRockSlushy } from '../site';

// Imported from an NnfContainerProfile (nnf.cray.hpe.com/v1alpha1) by 'nnf-profiles import'.
const fooLocalStorage = Storage.job('foo_local_storage');
const fooPersistentStorage = Storage.persistent('foo_persistent_storage', { optional: true });

export default (scope: Construct) =>
  new ContainerProfile(scope, 'red-rock-slushy', {
    storages: [fooLocalStorage, fooPersistentStorage],
    pullSecrets: [readonlyRedRockSlushy],
    containers: [{ name: 'red-rock-app', image: 'dean/red-rock-slushy:v1.0', command: ['/users-application'] }],
  });
`);
  });

  test('shares the MPI image, uses storage.path() for whole elements and leaves PodSpec-era defaults implicit', () => {
    const source = ok(importProfile(seed('mpi-red-rock-slushy'))).source;
    expect(source).toContain(`new MpiContainerProfile(scope, 'mpi-red-rock-slushy', {\n    image: 'dean/red-rock-slushy:v2.0',`);
    expect(source).toContain(`command: ['mpirun', 'dcmp', fooLocalStorage.path('0'), fooLocalStorage.path('1')]`);
    expect(source).toContain(`worker: { containers: [{ name: 'red-rock-worker' }] },`);
    for (const implicit of ['runPolicy', 'sshAuthMountPath', 'mpiImplementation', 'slotsPerWorker', 'retryLimit'])
      expect(source).not.toContain(implicit);
  });

  test('uses the handle names site.ts exports for pull secrets', () => {
    const imported = ok(importProfile(seed('red-rock-slushy'), { pullSecretHandles: { 'readonly-red-rock-slushy': 'dockerHub' } }));
    expect(imported.pullSecrets).toEqual([{ name: 'readonly-red-rock-slushy', identifier: 'dockerHub' }]);
    expect(imported.source).toContain(`import { dockerHub } from '../site';`);
    expect(imported.source).toContain('pullSecrets: [dockerHub],');
  });

  test('imports a handle named like something the file declares under another name', () => {
    const imported = ok(importProfile(seed('red-rock-slushy'), { pullSecretHandles: { 'readonly-red-rock-slushy': 'arg' } }));
    expect(imported.pullSecrets).toEqual([{ name: 'readonly-red-rock-slushy', identifier: 'readonlyRedRockSlushy', exportName: 'arg' }]);
    expect(imported.source).toContain(`import { arg as readonlyRedRockSlushy } from '../site';`);
  });

  test('names a handle for a secret named like an object property', () => {
    const object = profile({ spec: { containers: [{ name: 'app', image: 'alpine:3.20' }], imagePullSecrets: [{ name: 'constructor' }] } });
    expect(ok(importProfile(object, { pullSecretHandles: {} })).pullSecrets).toEqual([{ name: 'constructor', identifier: 'constructor' }]);
  });

  test('imports from the module paths it is given', () => {
    const source = ok(importProfile(seed('red-rock-slushy'), { srcModule: '../../src', siteModule: '../../site' })).source;
    expect(source).toContain(`from '../../src';`);
    expect(source).toContain(`from '../../site';`);
  });

  test('builds arg`…` for references inside other text and keeps escaped and unknown references as text', () => {
    const object = profile({
      storages: [{ name: 'DW_JOB_scratch', optional: false }],
      spec: {
        containers: [
          {
            name: 'app',
            image: 'alpine:3.20',
            args: [
              '--out=$(DW_JOB_scratch)/results,keep',
              '$$(DW_JOB_scratch)',
              '$(DW_JOB_other)/x',
              '$(DW_JOB_scratch)//abs',
              'a`b${c}\\d',
            ],
          },
        ],
      },
    });
    const source = ok(importProfile(object)).source;
    expect(source).toContain("import { arg, ContainerProfile, Storage } from '../src';");
    expect(source).toContain(
      [
        'args: [',
        "          arg`--out=${scratch.path('results')},keep`,",
        "          '$$(DW_JOB_scratch)',",
        "          '$(DW_JOB_other)/x',",
        '          arg`${scratch.path()}//abs`,',
        "          'a`b${c}\\\\d',",
        '        ],',
      ].join('\n'),
    );
  });

  test('names storages of two kinds with one name apart, and never after reserved words or pull secret handles', () => {
    const object = profile({
      storages: [{ name: 'DW_JOB_data' }, { name: 'DW_PERSISTENT_data' }, { name: 'DW_JOB_default' }, { name: 'DW_JOB_registry' }],
      spec: { containers: [{ name: 'app', image: 'alpine:3.20' }], imagePullSecrets: [{ name: 'registry' }] },
    });
    const source = ok(importProfile(object)).source;
    expect(source).toContain("const data = Storage.job('data');");
    expect(source).toContain("const dataPersistent = Storage.persistent('data');");
    expect(source).toContain("const defaultJob = Storage.job('default');");
    expect(source).toContain("const registryJob = Storage.job('registry');");
    expect(source).toContain("import { registry } from '../site';");
  });

  test('carries labels and annotations, but not what synth, kubectl, Argo CD or the API server add', () => {
    const object = profile(
      {},
      {
        labels: { 'app.kubernetes.io/managed-by': 'nnf-profiles', team: 'hpc' },
        annotations: {
          'nnf-profiles/source': 'profiles/app.ts',
          'argocd.argoproj.io/sync-wave': '0',
          'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
          'argocd.argoproj.io/tracking-id': 'x',
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
          'nnf-profiles/policy-exception.privileged': 'needs the GPU device',
          'nnf-profiles/policy-exception.unknown-rule': 'kept as an annotation',
          note: 'kept',
        },
        uid: 'u',
        resourceVersion: '1',
        generation: 2,
        creationTimestamp: '2026-01-01T00:00:00Z',
        managedFields: [],
      },
    );
    const imported = ok(importProfile({ ...object, status: { anything: true } }));
    expect(imported.notes).toEqual([]);
    expect(imported.source).toContain("labels: { team: 'hpc' },");
    expect(imported.source).toContain(
      "annotations: { 'nnf-profiles/policy-exception.unknown-rule': 'kept as an annotation', note: 'kept' },",
    );
    expect(imported.source).toContain("policyExceptions: [{ rule: 'privileged', reason: 'needs the GPU device' }],");
  });

  test('carries the description annotation back as the description prop, first', () => {
    const imported = ok(
      importProfile(profile({}, { annotations: { 'nnf-profiles/description': "Runs the app's <main> loop.", note: 'kept' } })),
    );
    expect(imported.notes).toEqual([]);
    expect(imported.source).toContain(`new ContainerProfile(scope, 'app', {\n    description: 'Runs the app\\'s <main> loop.',\n`);
    expect(imported.source).toContain("annotations: { note: 'kept' },");
    expect(imported.source).not.toContain("'nnf-profiles/description'");
  });

  test('notes a description synth would refuse or render differently, and carries it all the same', () => {
    const refused = ok(importProfile(profile({}, { annotations: { 'nnf-profiles/description': 'One.\n\nTwo.' } })));
    expect(refused.source).toContain("description: 'One.\\n\\nTwo.',");
    expect(refused.notes).toEqual([
      {
        path: 'metadata.annotations.nnf-profiles/description',
        message: expect.stringMatching(/^carried over as description, but synth refuses it: it has a blank line: /),
        severity: 'warning',
      },
    ]);
    const spaced = ok(importProfile(profile({}, { annotations: { 'nnf-profiles/description': 'One\n two.' } })));
    expect(spaced.notes).toEqual([
      {
        path: 'metadata.annotations.nnf-profiles/description',
        message: 'the profile renders it with its white space collapsed and trimmed',
        severity: 'info',
      },
    ]);
  });

  test('drops values equal to the schema defaults and keeps the others', () => {
    const same = ok(importProfile(profile({ pinned: false, retryLimit: 6, preRunTimeoutSeconds: 300, postRunTimeoutSeconds: 300 }))).source;
    expect(same).not.toMatch(/retryLimit|TimeoutSeconds|pinned/);
    const other = ok(importProfile(profile({ retryLimit: 0, preRunTimeoutSeconds: 0, postRunTimeoutSeconds: 60, numPorts: 1 }))).source;
    expect(other).toContain('retryLimit: 0,\n    preRunTimeoutSeconds: 0,\n    postRunTimeoutSeconds: 60,\n    numPorts: 1,');
  });

  test('drops imagePullPolicy IfNotPresent in the NnfPodSpec era only, where the schema defaults it', () => {
    const containers = [{ name: 'app', image: 'alpine:3.20', imagePullPolicy: 'IfNotPresent' }];
    expect(ok(importProfile(profile({ spec: { containers } }))).source).not.toContain('imagePullPolicy');
    const podSpecEra = profile({ spec: { containers } }, {}, 'nnf.cray.hpe.com/v1alpha6');
    expect(ok(importProfile(podSpecEra)).source).toContain("imagePullPolicy: 'IfNotPresent'");
  });

  test('writes runPolicy, sshAuthMountPath and mpiImplementation only where they differ from the PodSpec-era defaults', () => {
    const imported = ok(
      importProfile(
        mpiProfile({
          runPolicy: { cleanPodPolicy: 'Running', suspend: true },
          sshAuthMountPath: '/home/mpiuser/.ssh',
          mpiImplementation: 'Intel',
        }),
      ),
    );
    expect(imported.notes).toEqual([]);
    expect(imported.source).toContain(
      "mpiImplementation: 'Intel',\n    runPolicy: { suspend: true },\n    sshAuthMountPath: '/home/mpiuser/.ssh',",
    );
  });

  test('leaves out the worker when it is the default one (a container named worker on the shared image)', () => {
    const source = ok(importProfile(mpiProfile())).source;
    expect(source).toContain("image: 'ghcr.io/example/mpi:1.0',");
    expect(source).toContain("launcher: { containers: [{ name: 'launcher' }] },");
    expect(source).not.toContain('worker:');
  });

  test('names each image when launcher and worker differ', () => {
    const object = mpiProfile();
    object.data.mpiSpec.mpiReplicaSpecs.Worker.template.spec.containers[0].image = 'ghcr.io/example/worker:1.0';
    const source = ok(importProfile(object)).source;
    expect(source).not.toMatch(/^ {4}image:/m);
    expect(source).toContain("launcher: { containers: [{ name: 'launcher', image: 'ghcr.io/example/mpi:1.0' }] },");
    expect(source).toContain("worker: { containers: [{ name: 'worker', image: 'ghcr.io/example/worker:1.0' }] },");
  });

  test('notes, as info, a PodSpec-era MPI profile without runPolicy, which renders the operator’s values', () => {
    const object = mpiProfile();
    delete object.data.mpiSpec.runPolicy;
    expect(ok(importProfile(object)).notes).toEqual([
      {
        path: 'data.mpiSpec.runPolicy',
        message: 'not set here; the file renders { cleanPodPolicy: Running, suspend: false } (what the NNF operator sets anyway)',
        severity: 'info',
      },
    ]);
  });

  describe('reports what it cannot carry over, in the notes and at the top of the file', () => {
    const cases: Array<[string, Doc, string, string]> = [
      [
        'a pinned profile',
        profile({ pinned: true }),
        'data.pinned',
        'not carried over: a pinned profile is the copy NNF makes for one workflow',
      ],
      ['an unknown data field', profile({ extra: 1 }), 'data.extra', 'not carried over: v1alpha8 profiles have no such field'],
      ['an unknown top-level field', { ...profile(), spec: {} }, '.spec', 'not carried over: a profile has no such field'],
      [
        'a container field the NnfPodSpec era lacks',
        profile({ spec: { containers: [{ name: 'app', image: 'alpine:3.20', ports: [{ containerPort: 80 }] }] } }),
        'data.spec.containers[0].ports',
        'not carried over: a v1alpha8 container has no such field',
      ],
      [
        'a pod field the NnfPodSpec era lacks',
        profile({ spec: { containers: [{ name: 'app', image: 'alpine:3.20' }], hostNetwork: true } }),
        'data.spec.hostNetwork',
        'not carried over: a v1alpha8 pod spec has no such field',
      ],
      [
        'createContainer before v1alpha11',
        profile({ createContainer: false }),
        'data.createContainer',
        'not carried over: v1alpha8 has no createContainer',
      ],
      [
        'another namespace',
        profile({}, { namespace: 'other' }),
        'metadata.namespace',
        "not carried over: each environment's profileNamespace decides it",
      ],
      [
        'finalizers',
        profile({}, { finalizers: ['x'] }),
        'metadata.finalizers',
        'not carried over: a profile carries only name, labels and annotations',
      ],
      ['a name no #DW directive can select', profile({}, { name: 'my.app' }), 'metadata.name', "'my.app' does not match ^[a-z][a-z0-9-]+$"],
      [
        'a storage name no directive can supply',
        profile({ storages: [{ name: 'DW_JOB_Bad-Name' }] }),
        'data.storages[0].name',
        "not carried over: 'DW_JOB_Bad-Name' is not DW_JOB_",
      ],
      [
        'pvcMode on a job storage',
        profile({ storages: [{ name: 'DW_JOB_x1', pvcMode: 'ReadWriteMany' }] }),
        'data.storages[0].pvcMode',
        'not carried over: only DW_GLOBAL_ storages',
      ],
      [
        'an MPI implementation the props do not type',
        mpiProfile({ mpiImplementation: 'MPICH' }),
        'data.mpiSpec.mpiImplementation',
        'not carried over: "MPICH" is not one of OpenMPI, Intel',
      ],
      [
        'replicas of an MPI replica spec',
        (() => {
          const o = mpiProfile();
          o.data.mpiSpec.mpiReplicaSpecs.Worker.replicas = 2;
          return o;
        })(),
        'data.mpiSpec.mpiReplicaSpecs.Worker.replicas',
        'not carried over: the NNF operator sets replicas and restart policy itself',
      ],
      [
        'pods naming different pull secrets',
        (() => {
          const o = mpiProfile();
          o.data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec.imagePullSecrets = [{ name: 'a' }];
          return o;
        })(),
        'data.mpiSpec.mpiReplicaSpecs.Worker.template.spec.imagePullSecrets',
        "carried over as the profile's pullSecrets (a), which go on every pod; this pod named none",
      ],
      ['a retryLimit that is no number', profile({ retryLimit: 'six' }), 'data.retryLimit', 'not carried over: "six" is not an integer'],
    ];
    test.each(cases)('%s', (_what, object, notePath, message) => {
      const imported = ok(importProfile(object));
      const note = imported.notes.find((n) => n.path === notePath);
      expect(note).toBeDefined();
      expect(note!.message).toContain(message);
      expect(note!.severity).toBe('warning');
      expect(imported.source).toContain('// Review (from the import):\n');
      expect(imported.source).toContain(`//   ${notePath}: ${note!.message}`);
    });
  });

  test('keeps a line break in an input key from ending the comment it is quoted in', () => {
    const imported = ok(importProfile(profile({ 'x\nprocess.exit(1)//': 1 })));
    expect(imported.source).toContain('//   data.x\\u000aprocess.exit(1)//: not carried over');
    expect(imported.source).not.toMatch(/^process\.exit/m);
  });

  test.each<[string, Doc, string]>([
    [
      'both spec and mpiSpec',
      profile({ mpiSpec: { launcher: {}, worker: {} } }),
      'data: has both spec and mpiSpec; a profile has exactly one',
    ],
    ['neither spec nor mpiSpec', profile({ spec: undefined }), 'data: has neither spec nor mpiSpec; a profile has exactly one'],
    [
      'a container without an image',
      profile({ spec: { containers: [{ name: 'app' }] } }),
      "data.spec.containers[0].image: container 'app' has no image",
    ],
    [
      'an MPI profile without a Worker',
      (() => {
        const o = mpiProfile();
        delete o.data.mpiSpec.mpiReplicaSpecs.Worker;
        return o;
      })(),
      'data.mpiSpec.mpiReplicaSpecs.Worker.template.spec: missing',
    ],
    ['a name that cannot be a file name', profile({}, { name: '../etc' }), "metadata.name: '../etc' is not a Kubernetes object name"],
    ['no name', profile({}, { name: undefined }), 'metadata.name: missing'],
  ])('fails when the profile has %s', (_what, object, message) => {
    expect(importProfile(object)).toEqual({ ok: false, name: object.metadata.name, message });
  });

  test('fails when the apiVersion is not one this tool knows', () => {
    expect(importProfile(profile({}, {}, 'nnf.cray.hpe.com/v1alpha9'))).toEqual({
      ok: false,
      name: 'app',
      message:
        'apiVersion nnf.cray.hpe.com/v1alpha9 is not one this tool knows (v1alpha1, v1alpha6, v1alpha7, v1alpha8, v1alpha10, v1alpha11)',
    });
  });
});

describe('readProfiles', () => {
  test('reads single documents, multi-document streams and kind: List, skipping other kinds', () => {
    const text = [
      yaml.dump(profile({}, { name: 'one' })),
      yaml.dump({
        apiVersion: 'v1',
        kind: 'List',
        items: [profile({}, { name: 'two' }), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }],
      }),
      yaml.dump({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }),
    ].join('---\n');
    const read = readProfiles(text);
    expect(read.profiles.map((p) => (p as Doc).metadata.name)).toEqual(['one', 'two']);
    expect(read.skipped).toBe(2);
  });

  test('fails on YAML anchors and aliases, which a hostile input uses to explode', () => {
    expect(() => readProfiles('a: &x [1]\nb: *x\n', 'bomb.yaml')).toThrow(UnusableYamlError);
  });
});
