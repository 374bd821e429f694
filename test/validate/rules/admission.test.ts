import { copyName, EXAMPLE_NAMES, exampleCopy } from '../../helpers/examples';
import { loadedProfile, shippedSiteFor } from '../../helpers/shipped-site';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { API_VERSIONS, eraOf } from '../../../src/model';
import type { ProfileModule } from '../../../src/synth/profile-modules';
import { synthesize } from '../../../src/synth/synthesize';
import {
  admissionRules,
  dwsRules,
  envCredentialRules,
  jobRules,
  metadataRules,
  type ProfileObject,
  profileRules,
  referenceRules,
  type RuleContext,
} from '../../../src/validate/rules';

const NEW: RuleContext = { version: 'v1alpha11', era: 'NnfPodSpec', profileNamespace: 'nnf-system' };
const OLD: RuleContext = { version: 'v1alpha6', era: 'PodSpec', profileNamespace: 'nnf-system' };

type Data = Record<string, unknown>;

/** A profile as the API server stores it: the CRD defaults are present. */
function profile(data: Data, metadata: Record<string, unknown> = {}): ProfileObject {
  return {
    apiVersion: 'nnf.cray.hpe.com/v1alpha11',
    kind: 'NnfContainerProfile',
    metadata: { name: 'p', namespace: 'nnf-system', ...metadata },
    data: { pinned: false, retryLimit: 6, preRunTimeoutSeconds: 300, postRunTimeoutSeconds: 300, storages: [], ...data },
  };
}

const single = (extra: Data = {}, specExtra: Data = {}) =>
  profile({ spec: { containers: [{ name: 'app', image: 'a:1' }], ...specExtra }, ...extra });

const nnfMpi = (launcher: unknown[] = [{ name: 'l', image: 'a:1' }], mpiExtra: Data = {}, extra: Data = {}) =>
  profile({
    mpiSpec: { launcher: { containers: launcher }, worker: { containers: [{ name: 'w', image: 'a:1' }] }, ...mpiExtra },
    ...extra,
  });

const replica = (name: string) => ({ template: { spec: { containers: [{ name, image: 'a:1' }] } } });
const podSpecMpi = (mpiExtra: Data = {}, extra: Data = {}) =>
  profile({ mpiSpec: { mpiReplicaSpecs: { Launcher: replica('l'), Worker: replica('w') }, ...mpiExtra }, ...extra });

const rule = (findings: ReturnType<typeof admissionRules>, id: string) => findings.filter((f) => f.rule === id);

describe('nnf-admission/namespace', () => {
  test('accepts an unpinned profile in the profile namespace', () => {
    expect(admissionRules(single(), NEW)).toEqual([]);
  });

  test('fails when an unpinned profile is in another namespace', () => {
    const findings = admissionRules(profile({ spec: { containers: [{ name: 'a' }] } }, { namespace: 'default' }), NEW);
    expect(findings).toEqual([
      {
        layer: 'cluster',
        rule: 'nnf-admission/namespace',
        path: 'metadata.namespace',
        message: expect.stringContaining("metadata.namespace is 'default'"),
      },
    ]);
    expect(findings[0].message).toContain('set metadata.namespace: nnf-system');
  });

  test('fails when the namespace is not set', () => {
    const noNamespace = { ...single(), metadata: { name: 'p' } };
    expect(admissionRules(noNamespace, NEW)).toEqual([
      expect.objectContaining({ rule: 'nnf-admission/namespace', message: expect.stringContaining('is not set') }),
    ]);
  });

  test('uses the profile namespace of the context', () => {
    expect(
      admissionRules(profile({ spec: { containers: [{ name: 'a' }] } }, { namespace: 'profiles' }), {
        ...NEW,
        profileNamespace: 'profiles',
      }),
    ).toEqual([]);
  });

  test('accepts a pinned profile anywhere; a missing pinned counts as false', () => {
    expect(admissionRules(single({ pinned: true }, {}), { ...NEW, profileNamespace: 'x' })).toEqual([]);
    const { pinned: _pinned, ...data } = single().data!;
    const unpinned = { ...single(), data, metadata: { name: 'p', namespace: 'default' } };
    expect(rule(admissionRules(unpinned, NEW), 'nnf-admission/namespace')).toHaveLength(1);
  });
});

describe('nnf-admission/spec-or-mpispec', () => {
  test('accepts exactly one of spec and mpiSpec', () => {
    expect(admissionRules(single(), NEW)).toEqual([]);
    expect(admissionRules(nnfMpi(), NEW)).toEqual([]);
    expect(admissionRules(podSpecMpi(), OLD)).toEqual([]);
  });

  test('fails when both are set', () => {
    const both = profile({ spec: { containers: [{ name: 'a' }] }, mpiSpec: nnfMpi().data!.mpiSpec });
    expect(admissionRules(both, NEW)).toEqual([
      { layer: 'cluster', rule: 'nnf-admission/spec-or-mpispec', path: 'data', message: expect.stringContaining('both spec and mpiSpec') },
    ]);
  });

  test('fails when neither is set (null counts as not set)', () => {
    for (const data of [{}, { spec: null, mpiSpec: null }]) {
      expect(admissionRules(profile(data), OLD)).toEqual([
        {
          layer: 'cluster',
          rule: 'nnf-admission/spec-or-mpispec',
          path: 'data',
          message: expect.stringContaining('neither spec nor mpiSpec'),
        },
      ]);
    }
  });
});

describe('nnf-admission/containers', () => {
  test('fails when spec has no container, in both eras', () => {
    for (const context of [NEW, OLD]) {
      for (const spec of [{ containers: [] }, {}]) {
        expect(admissionRules(profile({ spec }), context)).toEqual([
          {
            layer: 'cluster',
            rule: 'nnf-admission/containers',
            path: 'data.spec.containers',
            message: expect.stringContaining('at least one'),
          },
        ]);
      }
    }
  });

  test('fails when an NnfPodSpec-era launcher or worker has no container', () => {
    const findings = admissionRules(profile({ mpiSpec: { launcher: { containers: [] }, worker: {} } }), NEW);
    expect(findings.map((f) => [f.rule, f.path, f.layer])).toEqual([
      ['job/mpi-containers', 'data.mpiSpec.launcher.containers', 'job'],
      ['job/mpi-containers', 'data.mpiSpec.worker.containers', 'job'],
    ]);
  });
});

describe('nnf-admission/mpi-replicas (PodSpec era)', () => {
  test('accepts Launcher and Worker with a container each', () => {
    expect(admissionRules(podSpecMpi(), OLD)).toEqual([]);
  });

  test('fails when Worker is missing', () => {
    const p = profile({ mpiSpec: { mpiReplicaSpecs: { Launcher: replica('l') } } });
    expect(admissionRules(p, OLD)).toEqual([
      {
        layer: 'cluster',
        rule: 'nnf-admission/mpi-replicas',
        path: 'data.mpiSpec.mpiReplicaSpecs.Worker',
        message: expect.stringContaining('no Worker'),
      },
    ]);
  });

  test('fails when mpiReplicaSpecs is missing altogether', () => {
    expect(rule(admissionRules(profile({ mpiSpec: {} }), OLD), 'nnf-admission/mpi-replicas').map((f) => f.path)).toEqual([
      'data.mpiSpec.mpiReplicaSpecs.Launcher',
      'data.mpiSpec.mpiReplicaSpecs.Worker',
    ]);
  });

  test('fails when Launcher has no container', () => {
    const p = profile({ mpiSpec: { mpiReplicaSpecs: { Launcher: { template: { spec: { containers: [] } } }, Worker: replica('w') } } });
    expect(admissionRules(p, OLD)).toEqual([
      {
        layer: 'cluster',
        rule: 'nnf-admission/mpi-replicas',
        path: 'data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec.containers',
        message: expect.stringContaining('no container'),
      },
    ]);
  });

  test('is not checked in the NnfPodSpec era', () => {
    expect(rule(admissionRules(nnfMpi(), NEW), 'nnf-admission/mpi-replicas')).toEqual([]);
  });
});

describe('nnf-admission/timeout-deadline (PodSpec era)', () => {
  const deadline = (data: Data) => single(data, { activeDeadlineSeconds: 600 });

  test('fails when spec.activeDeadlineSeconds meets the defaulted preRunTimeoutSeconds: 300', () => {
    const findings = admissionRules(deadline({ postRunTimeoutSeconds: 0 }), OLD);
    expect(findings).toEqual([
      { layer: 'cluster', rule: 'nnf-admission/timeout-deadline', path: 'data.spec.activeDeadlineSeconds', message: expect.any(String) },
    ]);
    expect(findings[0].message).toContain('preRunTimeoutSeconds is 300 (also the default when omitted)');
    expect(findings[0].message).toContain('set preRunTimeoutSeconds: 0 or drop activeDeadlineSeconds');
  });

  test('accepts spec.activeDeadlineSeconds when both timeouts are 0', () => {
    expect(admissionRules(deadline({ preRunTimeoutSeconds: 0, postRunTimeoutSeconds: 0 }), OLD)).toEqual([]);
  });

  test('fails when the timeouts are omitted (they default to 300), once per timeout', () => {
    const p = deadline({});
    delete (p.data as Data).preRunTimeoutSeconds;
    delete (p.data as Data).postRunTimeoutSeconds;
    const findings = admissionRules(p, OLD);
    expect(findings.map((f) => f.rule)).toEqual(['nnf-admission/timeout-deadline', 'nnf-admission/timeout-deadline']);
    expect(findings[0].message).toContain('preRunTimeoutSeconds is 300 (the default, as it is omitted)');
    expect(findings[1].message).toContain('postRunTimeoutSeconds is 300 (the default, as it is omitted)');
    expect(findings[1].message).toContain('set postRunTimeoutSeconds: 0');
  });

  test('fails when mpiSpec.runPolicy.activeDeadlineSeconds meets postRunTimeoutSeconds > 0', () => {
    const p = podSpecMpi({ runPolicy: { activeDeadlineSeconds: 60 } }, { preRunTimeoutSeconds: 0, postRunTimeoutSeconds: 30 });
    const findings = admissionRules(p, OLD);
    expect(findings).toEqual([
      {
        layer: 'cluster',
        rule: 'nnf-admission/timeout-deadline',
        path: 'data.mpiSpec.runPolicy.activeDeadlineSeconds',
        message: expect.stringContaining('postRunTimeoutSeconds is 30'),
      },
    ]);
  });

  test('accepts timeouts without an active deadline', () => {
    expect(admissionRules(single({ preRunTimeoutSeconds: 10 }), OLD)).toEqual([]);
  });

  test('is not checked in the NnfPodSpec era', () => {
    expect(rule(admissionRules(deadline({}), NEW), 'nnf-admission/timeout-deadline')).toEqual([]);
  });
});

describe('nnf-admission/backoff-limit (PodSpec era)', () => {
  test('fails when runPolicy.backoffLimit is set and retryLimit is above 0', () => {
    const findings = admissionRules(podSpecMpi({ runPolicy: { backoffLimit: 2 } }, { retryLimit: 3 }), OLD);
    expect(findings).toEqual([
      {
        layer: 'cluster',
        rule: 'nnf-admission/backoff-limit',
        path: 'data.mpiSpec.runPolicy.backoffLimit',
        message: expect.stringContaining('retryLimit is 3'),
      },
    ]);
    expect(findings[0].message).toContain('remove runPolicy.backoffLimit and set retryLimit instead');
  });

  test('fails when retryLimit is omitted, as it defaults to 6', () => {
    const p = podSpecMpi({ runPolicy: { backoffLimit: 0 } });
    delete (p.data as Data).retryLimit;
    expect(admissionRules(p, OLD)).toEqual([
      expect.objectContaining({ rule: 'nnf-admission/backoff-limit', message: expect.stringContaining('retryLimit is 6 (the default') }),
    ]);
  });

  test('accepts runPolicy.backoffLimit with retryLimit: 0, and retryLimit without backoffLimit', () => {
    expect(admissionRules(podSpecMpi({ runPolicy: { backoffLimit: 2 } }, { retryLimit: 0 }), OLD)).toEqual([]);
    expect(admissionRules(podSpecMpi({ runPolicy: { cleanPodPolicy: 'Running' } }, { retryLimit: 6 }), OLD)).toEqual([]);
  });
});

describe('nnf-admission/copy-offload (NnfPodSpec era)', () => {
  test('fails when a non-MPI container is named like copy offload', () => {
    for (const name of ['copy-offload', 'my-copyoffload-server', 'Copy Offload']) {
      const p = profile({ spec: { containers: [{ name: 'ok' }, { name }] } });
      expect(admissionRules(p, NEW)).toEqual([
        {
          layer: 'cluster',
          rule: 'nnf-admission/copy-offload',
          path: 'data.spec.containers[1].name',
          message: expect.stringContaining('outside mpiSpec'),
        },
      ]);
    }
  });

  test('accepts names that only look similar', () => {
    for (const name of ['copy_offload', 'copy-offloader', 'xcopy-offload', 'offload-copy']) {
      expect(admissionRules(profile({ spec: { containers: [{ name }] } }), NEW)).toEqual([]);
    }
  });

  test('fails when a launcher container is so named without copyOffload: true', () => {
    expect(admissionRules(nnfMpi([{ name: 'copy-offload-server' }]), NEW)).toEqual([
      {
        layer: 'cluster',
        rule: 'nnf-admission/copy-offload',
        path: 'data.mpiSpec.launcher.containers[0].name',
        message: expect.stringContaining('requires mpiSpec.copyOffload: true'),
      },
    ]);
  });

  test('accepts a so-named launcher with copyOffload: true', () => {
    expect(admissionRules(nnfMpi([{ name: 'copy-offload-server' }], { copyOffload: true }), NEW)).toEqual([]);
  });

  test('fails when copyOffload: true has a launcher container not so named', () => {
    const findings = admissionRules(nnfMpi([{ name: 'copy-offload' }, { name: 'sidecar' }], { copyOffload: true }), NEW);
    expect(findings).toEqual([
      {
        layer: 'cluster',
        rule: 'nnf-admission/copy-offload',
        path: 'data.mpiSpec.launcher.containers[1].name',
        message: expect.stringContaining('mpiSpec.copyOffload is true'),
      },
    ]);
  });

  test('is not checked in the PodSpec era', () => {
    expect(admissionRules(profile({ spec: { containers: [{ name: 'copy-offload' }] } }), OLD)).toEqual([]);
  });
});

describe('nnf-admission/pvc-mode', () => {
  const storages = (...list: Data[]) => single({ storages: list.map((s) => ({ optional: false, ...s })) });

  test('accepts pvcMode on a DW_GLOBAL_ storage, and an empty pvcMode anywhere', () => {
    expect(admissionRules(storages({ name: 'DW_GLOBAL_lus', pvcMode: 'ReadWriteMany' }, { name: 'DW_JOB_x', pvcMode: '' }), NEW)).toEqual(
      [],
    );
  });

  test('fails when a job or persistent storage has a pvcMode, in both eras', () => {
    for (const context of [NEW, OLD]) {
      expect(admissionRules(storages({ name: 'DW_GLOBAL_lus' }, { name: 'DW_PERSISTENT_p', pvcMode: 'ReadWriteOnce' }), context)).toEqual([
        {
          layer: 'cluster',
          rule: 'nnf-admission/pvc-mode',
          path: 'data.storages[1].pvcMode',
          message: expect.stringContaining('DW_GLOBAL_'),
        },
      ]);
    }
  });
});

describe('every rule set', () => {
  const odd: unknown[] = [
    {},
    { metadata: null, data: null },
    { data: 'x', metadata: 'y' },
    { data: { spec: [], mpiSpec: 'x', storages: 'x' } },
    { data: { spec: { containers: {} }, storages: [null, 1, { name: 2, pvcMode: 'x' }] } },
    { data: { spec: { containers: [null, 'x', { name: 5, image: 7, command: 'x', args: [1, null], env: [null, { name: 'A' }] }] } } },
    { data: { mpiSpec: { mpiReplicaSpecs: { Launcher: null, Worker: { template: 'x' } }, runPolicy: [] } } },
    { data: { mpiSpec: { launcher: [], worker: { containers: [{ name: 'w', env: 'x', envFrom: 1 }] }, copyOffload: 'yes' } } },
    { metadata: { name: 3, labels: [1], annotations: 'x' } },
    { metadata: { labels: { a: null }, annotations: { b: { c: 1 } } } },
  ];

  test.each(odd.map((o) => [JSON.stringify(o)]))('never throws on odd shapes: %s', (text) => {
    const object = JSON.parse(text) as ProfileObject;
    for (const context of [NEW, OLD]) {
      for (const rules of [admissionRules, dwsRules, jobRules, referenceRules, metadataRules]) {
        expect(() => rules(object, context)).not.toThrow();
      }
    }
  });

  test('profileRules runs admission, DWS, job, reference, metadata and env credential rules in that order', () => {
    expect(profileRules).toEqual([admissionRules, dwsRules, jobRules, referenceRules, metadataRules, envCredentialRules]);
  });
});

/**
 * Every shipped profile, and every example as copied, rendered for every served version, passes every rule: once as rendered
 * (no CRD defaults, so the rules must read a missing field as its default) and once with the
 * defaults the API server would apply.
 */
describe('shipped profiles', () => {
  const ROOT = path.resolve(__dirname, '../../..');
  const FILES = fs
    .readdirSync(path.join(ROOT, 'profiles'))
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => `profiles/${f}`);
  // The examples as `new --from` copies them: under their own names synth refuses them (nnf-sos ships those).
  const MODULES: Array<[string, () => ProfileModule]> = [
    ...FILES.map((file): [string, () => ProfileModule] => [file, () => loadedProfile(ROOT, file)]),
    ...EXAMPLE_NAMES.map((example): [string, () => ProfileModule] => [
      `examples/${example}.ts as ${copyName(example)}`,
      () => exampleCopy(example),
    ]),
  ];

  /** The CRD defaults that matter to the rules, filled in by hand. */
  function withDefaults(object: ProfileObject, era: RuleContext['era']): ProfileObject {
    const copy = structuredClone(object) as { data: Data };
    const data = copy.data;
    data.pinned ??= false;
    data.retryLimit ??= 6;
    data.preRunTimeoutSeconds ??= 300;
    data.postRunTimeoutSeconds ??= 300;
    for (const storage of (data.storages as Data[] | undefined) ?? []) storage.optional ??= false;
    if (era === 'NnfPodSpec') {
      const mpi = data.mpiSpec as Data | undefined;
      for (const pod of [data.spec, mpi?.launcher, mpi?.worker] as Array<Data | undefined>) {
        for (const container of [...((pod?.containers as Data[]) ?? []), ...((pod?.initContainers as Data[]) ?? [])]) {
          container.imagePullPolicy ??= 'IfNotPresent';
        }
      }
    }
    return copy as ProfileObject;
  }

  test('exist', () => {
    expect(FILES.length).toBeGreaterThan(0);
    expect(EXAMPLE_NAMES.length).toBeGreaterThan(0);
  });

  describe.each(API_VERSIONS.map((v) => [v]))('for %s', (apiVersion) => {
    test.each(MODULES)('%s produces no finding', (_label, load) => {
      const result = synthesize(shippedSiteFor(apiVersion), [load()]);
      expect(result.errors).toEqual([]);
      const outputs = [...result.files].filter(([name]) => name.includes('/nnfcontainerprofile-'));
      expect(outputs).toHaveLength(1);
      const object = yaml.load(outputs[0][1]) as ProfileObject;
      const context: RuleContext = { version: apiVersion, era: eraOf(apiVersion), profileNamespace: 'nnf-system' };
      expect(profileRules.flatMap((rules) => rules(object, context))).toEqual([]);
      expect(profileRules.flatMap((rules) => rules(withDefaults(object, context.era), context))).toEqual([]);
    });
  });
});
