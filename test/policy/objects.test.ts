import { objectPolicyFindings, podSpecsIn } from '../../src/policy';

type Data = Record<string, unknown>;

const REGISTRIES = { allowedRegistries: ['ghcr.io/nearnodeflash'] };
const clean = (extra: Data = {}) => ({ containers: [{ name: 'app', image: 'ghcr.io/nearnodeflash/app:1' }], ...extra });
const workload = (kind: string, apiVersion: string, spec: Data) => ({
  apiVersion,
  kind,
  metadata: { name: 'w', namespace: 'nnf-system' },
  spec,
});
const rulesAndPaths = (object: unknown, policy = REGISTRIES) => objectPolicyFindings(object, policy).map((f) => [f.rule, f.path]);

describe('podSpecsIn', () => {
  test('finds the pod spec of a Pod and of each workload kind, at its path', () => {
    const template = { template: { spec: clean() } };
    expect(podSpecsIn(workload('Pod', 'v1', clean())).map((p) => p.path)).toEqual(['spec']);
    for (const kind of ['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet']) {
      expect(podSpecsIn(workload(kind, 'apps/v1', template)).map((p) => p.path)).toEqual(['spec.template.spec']);
    }
    expect(podSpecsIn(workload('Job', 'batch/v1', template)).map((p) => p.path)).toEqual(['spec.template.spec']);
    expect(podSpecsIn(workload('CronJob', 'batch/v1', { jobTemplate: { spec: template } })).map((p) => p.path)).toEqual([
      'spec.jobTemplate.spec.template.spec',
    ]);
  });

  test('finds pod templates in a custom resource it has never heard of, in document order', () => {
    const crd = workload('Thing', 'example.com/v1', { replicas: { a: { template: { spec: clean() } }, 'odd key': [{ spec: clean() }] } });
    expect(podSpecsIn(crd).map((p) => p.path)).toEqual(['spec.replicas.a.template.spec', 'spec.replicas["odd key"][0].spec']);
  });

  test('finds nothing in objects without containers, a CRD schema describing them included', () => {
    expect(podSpecsIn({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { containers: 'text' } })).toEqual([]);
    const schema = { properties: { containers: { type: 'array', items: { type: 'object' } } }, required: ['containers'] };
    expect(
      podSpecsIn({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', spec: { versions: [{ schema }] } }),
    ).toEqual([]);
  });

  test('walks deep objects without exhausting the stack', () => {
    let deep: Data = clean();
    for (let i = 0; i < 20000; i++) deep = { next: deep };
    expect(podSpecsIn(deep)).toHaveLength(1);
  });
});

describe('objectPolicyFindings', () => {
  test('accepts a clean workload', () => {
    expect(objectPolicyFindings(workload('Deployment', 'apps/v1', { template: { spec: clean() } }), REGISTRIES)).toEqual([]);
  });

  test('fails when a DaemonSet is privileged, mounts a host path, uses the host network and an unlisted registry', () => {
    const spec = {
      hostNetwork: true,
      volumes: [{ name: 'root', hostPath: { path: '/' } }],
      containers: [
        { name: 'agent', image: 'evil.example.com/agent:1', securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } } },
      ],
    };
    const findings = objectPolicyFindings(workload('DaemonSet', 'apps/v1', { template: { spec } }), REGISTRIES);
    expect(findings.map((f) => [f.rule, f.path])).toEqual([
      ['policy/host-namespaces', 'spec.template.spec.hostNetwork'],
      ['policy/host-path', 'spec.template.spec.volumes[0].hostPath'],
      ['policy/privileged', 'spec.template.spec.containers[0].securityContext.privileged'],
      ['policy/capabilities', 'spec.template.spec.containers[0].securityContext.capabilities.add'],
      ['policy/registry', 'spec.template.spec.containers[0].image'],
    ]);
    expect(findings[2]).toEqual({
      layer: 'policy',
      rule: 'policy/privileged',
      path: 'spec.template.spec.containers[0].securityContext.privileged',
      message:
        'container at spec.template.spec.containers[0] sets securityContext.privileged: true; a privileged container has every device and capability on the Rabbit node, which holds the storage of every job placed there. ' +
        'To fix: remove securityContext.privileged.',
    });
  });

  test('fails when a CronJob init container escalates privileges', () => {
    const spec = clean({
      initContainers: [{ name: 'init', image: 'ghcr.io/nearnodeflash/init:1', securityContext: { allowPrivilegeEscalation: true } }],
    });
    expect(rulesAndPaths(workload('CronJob', 'batch/v1', { jobTemplate: { spec: { template: { spec } } } }))).toEqual([
      ['policy/privileged', 'spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation'],
    ]);
  });

  test('fails when a Pod shares the host PID and IPC namespaces', () => {
    expect(rulesAndPaths(workload('Pod', 'v1', clean({ hostPID: true, hostIPC: true })))).toEqual([
      ['policy/host-namespaces', 'spec.hostPID'],
      ['policy/host-namespaces', 'spec.hostIPC'],
    ]);
  });

  test('fails when an unknown custom resource carries a privileged pod template', () => {
    const spec = { containers: [{ name: 'x', image: 'ghcr.io/nearnodeflash/x:1', securityContext: { privileged: true } }] };
    expect(rulesAndPaths({ apiVersion: 'example.com/v1', kind: 'Runner', metadata: { name: 'r' }, spec: { pod: { spec } } })).toEqual([
      ['policy/privileged', 'spec.pod.spec.containers[0].securityContext.privileged'],
    ]);
  });

  test('the registry rule is off without allowedRegistries', () => {
    expect(objectPolicyFindings(workload('Pod', 'v1', { containers: [{ name: 'a', image: 'evil.example.com/a:1' }] }), {})).toEqual([]);
  });

  test('an exception the site allows for profiles does not cover other objects, and the message says so', () => {
    const spec = { containers: [{ name: 'a', image: 'ghcr.io/nearnodeflash/a:1', securityContext: { privileged: true } }] };
    const pod = {
      ...workload('Pod', 'v1', spec),
      metadata: { name: 'p', annotations: { 'nnf-profiles/policy-exception.privileged': 'needs it' } },
    };
    const [finding] = objectPolicyFindings(pod, { exceptionsAllowed: ['privileged'] });
    expect(finding.rule).toBe('policy/privileged');
    expect(finding.message).toMatch(/To fix: remove securityContext\.privileged; policy exceptions are for NnfContainerProfiles only\.$/);
  });
});
