import { jobRules, type ProfileObject, type RuleContext } from '../../../src/validate/rules';

const NEW: RuleContext = { version: 'v1alpha11', era: 'NnfPodSpec', profileNamespace: 'nnf-system' };
const OLD: RuleContext = { version: 'v1alpha1', era: 'PodSpec', profileNamespace: 'nnf-system' };
const withPorts = (context: RuleContext, ports: RuleContext['ports']): RuleContext => ({ ...context, ports });

const LONG = 'a'.repeat(64);

function profile(data: Record<string, unknown>): ProfileObject {
  return {
    metadata: { name: 'pp', namespace: 'nnf-system' },
    data: { pinned: false, retryLimit: 6, spec: { containers: [{ name: 'app', image: 'a:1' }] }, ...data },
  };
}

describe('job/container-name-length', () => {
  test('accepts a name of exactly 63 characters', () => {
    expect(jobRules(profile({ spec: { containers: [{ name: 'a'.repeat(63), image: 'a:1' }] } }), NEW)).toEqual([]);
  });

  test('fails when a container or init container name is longer than 63 characters', () => {
    const findings = jobRules(
      profile({ spec: { containers: [{ name: 'app', image: 'a:1' }], initContainers: [{ name: LONG, image: 'a:1' }] } }),
      NEW,
    );
    expect(findings).toEqual([
      {
        layer: 'job',
        rule: 'job/container-name-length',
        path: 'data.spec.initContainers[0].name',
        message: `container name '${LONG}' is 64 characters long; the cluster accepts the profile, but a job selecting it fails: container names are DNS labels of at most 63 characters, which the CRD does not check, so Kubernetes refuses the pod NNF creates; shorten the name`,
      },
    ]);
  });

  test('fails on MPI launcher and worker containers in both eras', () => {
    const nnfPodSpec = profile({
      spec: undefined,
      mpiSpec: { launcher: { containers: [{ name: LONG, image: 'a:1' }] }, worker: { containers: [{ name: 'w', image: 'a:1' }] } },
    });
    expect(jobRules(nnfPodSpec, NEW).map((f) => [f.rule, f.path])).toEqual([
      ['job/container-name-length', 'data.mpiSpec.launcher.containers[0].name'],
    ]);
    const podSpec = profile({
      spec: undefined,
      mpiSpec: {
        mpiReplicaSpecs: {
          Launcher: { template: { spec: { containers: [{ name: 'l', image: 'a:1' }] } } },
          Worker: { template: { spec: { containers: [{ name: LONG, image: 'a:1' }] } } },
        },
      },
    });
    expect(jobRules(podSpec, OLD).map((f) => [f.rule, f.path])).toEqual([
      ['job/container-name-length', 'data.mpiSpec.mpiReplicaSpecs.Worker.template.spec.containers[0].name'],
    ]);
  });
});

describe('job/num-ports', () => {
  test('accepts 0 and positive counts', () => {
    for (const numPorts of [0, 1, 40]) expect(jobRules(profile({ numPorts }), NEW)).toEqual([]);
  });

  test('fails when numPorts is negative, with or without the environment’s ports', () => {
    for (const context of [NEW, withPorts(OLD, [{ start: 5000, end: 5009 }])]) {
      expect(jobRules(profile({ numPorts: -1 }), context)).toEqual([
        {
          layer: 'job',
          rule: 'job/num-ports',
          path: 'data.numPorts',
          message:
            'numPorts is -1; the cluster accepts the profile, but a job selecting it fails wherever it needs its ports: the CRD sets no minimum, but NNF reserves ports and sets NNF_CONTAINER_PORTS… only when numPorts is above 0, so the containers get none; use 0 for no ports or a positive count',
        },
      ]);
    }
  });
});

describe('job/port-range', () => {
  const ports = [
    { start: 5000, end: 5009 },
    { start: 6000, end: 6000 },
  ];

  test('accepts numPorts up to the ports the environment lists, and any count when it lists none', () => {
    expect(jobRules(profile({ numPorts: 11 }), withPorts(NEW, ports))).toEqual([]);
    expect(jobRules(profile({ numPorts: 100000 }), NEW)).toEqual([]);
  });

  test('fails when numPorts is more than the ports the environment lists, naming the setting', () => {
    expect(jobRules(profile({ numPorts: 12 }), withPorts(NEW, ports))).toEqual([
      {
        layer: 'job',
        rule: 'job/port-range',
        path: 'data.numPorts',
        message:
          "numPorts is 12, more than the 11 ports the environment's ports setting lists (5000-5009, 6000); the cluster accepts the profile, but a job selecting it fails: NNF cannot allocate that many ports from the cluster's DWS SystemConfiguration; lower numPorts or widen the environment's ports",
      },
    ]);
  });
});

describe('job/storage-unsuppliable', () => {
  const storages = (...entries: Array<[string, boolean]>) => ({ storages: entries.map(([name, optional]) => ({ name, optional })) });

  test('accepts the three prefixes followed by lower-case letters, digits and _', () => {
    expect(
      jobRules(profile(storages(['DW_JOB_foo_local_storage', false], ['DW_PERSISTENT_p1', true], ['DW_GLOBAL_lustre_2', false])), NEW),
    ).toEqual([]);
  });

  test('fails when a required storage name cannot be supplied by a directive', () => {
    for (const bad of ['DW_JOB_foo-bar', 'DW_SCRATCH_x', 'DW_JOB_Foo', 'DW_JOB_1x', 'DW_JOB_x', 'dw_job_xy']) {
      expect(jobRules(profile(storages(['DW_JOB_ok', false], [bad, false])), OLD)).toEqual([
        {
          layer: 'job',
          rule: 'job/storage-unsuppliable',
          path: 'data.storages[1].name',
          message: expect.stringMatching(
            /no #DW container directive can supply it; the cluster accepts the profile, but a job selecting it fails: NNF requires every storage that is not optional/,
          ),
        },
      ]);
    }
  });

  test('warns when the storage that cannot be supplied is optional', () => {
    expect(jobRules(profile(storages(['DW_JOB_ok', false], ['scratch', true])), NEW)).toEqual([
      {
        layer: 'lint',
        rule: 'job/storage-unsuppliable',
        path: 'data.storages[1].name',
        message:
          "storage name 'scratch' does not match ^(DW_JOB_|DW_PERSISTENT_|DW_GLOBAL_)[a-z][a-z0-9_]+$, so no #DW container directive can supply it; the storage is optional, so a job selecting the profile runs, but never with this storage; use one of the three prefixes followed by lower-case letters, digits and _ (no -, as the name becomes an environment variable), or remove it",
      },
    ]);
  });
});
