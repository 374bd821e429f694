import { ContainerProfile } from '../../src/profile';
import {
  type ContainerPolicyProps,
  imageAllowed,
  POLICY_EXCEPTION_ANNOTATION_PREFIX,
  policyExceptionAnnotations,
  policyProblems,
  policyRules,
} from '../../src/policy';
import type { ProfileObject, RuleContext } from '../../src/validate/rules';
import { environmentChart } from '../helpers/environment';

const NEW: RuleContext = { version: 'v1alpha11', era: 'NnfPodSpec', profileNamespace: 'nnf-system' };
const OLD: RuleContext = { version: 'v1alpha6', era: 'PodSpec', profileNamespace: 'nnf-system' };

type Data = Record<string, unknown>;

function profile(data: Data, annotations?: Record<string, string>): ProfileObject {
  return {
    apiVersion: 'nnf.cray.hpe.com/v1alpha11',
    kind: 'NnfContainerProfile',
    metadata: { name: 'p', namespace: 'nnf-system', ...(annotations ? { annotations } : {}) },
    data: { pinned: false, retryLimit: 6, storages: [], ...data },
  };
}

const app = (extra: Data = {}) => ({ name: 'app', image: 'ghcr.io/nearnodeflash/app:1', ...extra });
/** `data.spec` with one container and the pod fields given. */
const single = (container: Data = {}, pod: Data = {}, annotations?: Record<string, string>) =>
  profile({ spec: { containers: [app(container)], ...pod } }, annotations);
const nnfMpi = (launcher: Data, worker: Data) => profile({ mpiSpec: { launcher, worker } });
const replicaMpi = (launcher: Data, worker: Data) =>
  profile({ mpiSpec: { mpiReplicaSpecs: { Launcher: { template: { spec: launcher } }, Worker: { template: { spec: worker } } } } });
const plain = { containers: [app()] };

const rulesOf = (findings: { rule: string }[]) => findings.map((f) => f.rule);
const key = (rule: string) => `${POLICY_EXCEPTION_ANNOTATION_PREFIX}${rule}`;

describe('policy rules with no settings', () => {
  test('accepts a plain profile in both eras', () => {
    expect(policyRules({})(single(), NEW)).toEqual([]);
    expect(policyRules({})(replicaMpi(plain, plain), OLD)).toEqual([]);
  });

  test('the registry rule is off without allowedRegistries', () => {
    expect(policyRules({})(single({ image: 'evil.example.com/x:1' }), NEW)).toEqual([]);
  });
});

describe('policy/privileged', () => {
  const check = policyRules({});

  test('fails when a PodSpec-era container is privileged, explaining why and what to do', () => {
    const findings = check(single({ securityContext: { privileged: true } }), OLD);
    expect(findings).toEqual([
      {
        layer: 'policy',
        rule: 'policy/privileged',
        path: 'data.spec.containers[0].securityContext.privileged',
        message:
          'container at data.spec.containers[0] sets securityContext.privileged: true; a privileged container has every device and capability on the Rabbit node, which holds the storage of every job placed there. ' +
          'This v1alpha6 profile carries a whole Kubernetes PodSpec, so the field reaches the pod on the Rabbit node as written. ' +
          "To fix: remove securityContext.privileged; the site allows no exception from 'privileged' (policy.exceptionsAllowed in site.ts).",
      },
    ]);
  });

  test('fails when a container allows privilege escalation', () => {
    const findings = check(single({ securityContext: { allowPrivilegeEscalation: true } }), OLD);
    expect(findings.map((f) => [f.rule, f.path])).toEqual([
      ['policy/privileged', 'data.spec.containers[0].securityContext.allowPrivilegeEscalation'],
    ]);
  });

  test('fails when an init container is privileged', () => {
    const findings = check(
      profile({ spec: { containers: [app()], initContainers: [app({ securityContext: { privileged: true } })] } }),
      OLD,
    );
    expect(findings.map((f) => f.path)).toEqual(['data.spec.initContainers[0].securityContext.privileged']);
    expect(findings[0].message).toMatch(/^init container at data\.spec\.initContainers\[0\]/);
  });

  test('fails when an MPI launcher or worker (PodSpec-era mpiReplicaSpecs) is privileged', () => {
    const priv = { containers: [app({ securityContext: { privileged: true } })] };
    expect(check(replicaMpi(priv, priv), OLD).map((f) => f.path)).toEqual([
      'data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec.containers[0].securityContext.privileged',
      'data.mpiSpec.mpiReplicaSpecs.Worker.template.spec.containers[0].securityContext.privileged',
    ]);
  });

  test('fails when an NnfPodSpec-era launcher or worker is privileged (an object read from YAML)', () => {
    const priv = { containers: [app({ securityContext: { privileged: true } })] };
    expect(check(nnfMpi(plain, priv), NEW).map((f) => f.path)).toEqual(['data.mpiSpec.worker.containers[0].securityContext.privileged']);
    expect(check(nnfMpi(priv, plain), NEW)[0].message).not.toContain('whole Kubernetes PodSpec');
  });

  test('accepts privileged: false', () => {
    expect(check(single({ securityContext: { privileged: false, allowPrivilegeEscalation: false } }), OLD)).toEqual([]);
  });
});

describe('policy/capabilities', () => {
  test('fails when a container adds capabilities', () => {
    const findings = policyRules({})(single({ securityContext: { capabilities: { add: ['SYS_ADMIN', 'NET_RAW'] } } }), OLD);
    expect(findings).toEqual([
      expect.objectContaining({
        layer: 'policy',
        rule: 'policy/capabilities',
        path: 'data.spec.containers[0].securityContext.capabilities.add',
      }),
    ]);
    expect(findings[0].message).toContain('adds Linux capabilities (SYS_ADMIN, NET_RAW)');
  });

  test('fails when a worker init container adds capabilities', () => {
    const worker = { containers: [app()], initContainers: [app({ securityContext: { capabilities: { add: ['SYS_PTRACE'] } } })] };
    expect(policyRules({})(replicaMpi(plain, worker), OLD).map((f) => f.path)).toEqual([
      'data.mpiSpec.mpiReplicaSpecs.Worker.template.spec.initContainers[0].securityContext.capabilities.add',
    ]);
  });

  test('accepts dropping capabilities', () => {
    expect(policyRules({})(single({ securityContext: { capabilities: { add: [], drop: ['ALL'] } } }), OLD)).toEqual([]);
  });
});

describe('policy/host-namespaces', () => {
  test('fails when the pod shares the host network, PID or IPC namespace', () => {
    const findings = policyRules({})(single({}, { hostNetwork: true, hostPID: true, hostIPC: true }), OLD);
    expect(findings.map((f) => [f.rule, f.path])).toEqual([
      ['policy/host-namespaces', 'data.spec.hostNetwork'],
      ['policy/host-namespaces', 'data.spec.hostPID'],
      ['policy/host-namespaces', 'data.spec.hostIPC'],
    ]);
    expect(findings[0].message).toContain("share the Rabbit node's network namespace");
  });

  test('fails when an MPI launcher uses the host network', () => {
    expect(policyRules({})(replicaMpi({ ...plain, hostNetwork: true }, plain), OLD).map((f) => f.path)).toEqual([
      'data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec.hostNetwork',
    ]);
  });
});

describe('policy/host-path', () => {
  const hostVolume = {
    volumes: [
      { name: 'ok', emptyDir: {} },
      { name: 'root', hostPath: { path: '/' } },
    ],
  };

  test('fails when a volume mounts a host path, in either era', () => {
    for (const context of [NEW, OLD]) {
      const findings = policyRules({})(single({}, hostVolume), context);
      expect(findings.map((f) => [f.layer, f.rule, f.path])).toEqual([['policy', 'policy/host-path', 'data.spec.volumes[1].hostPath']]);
      expect(findings[0].message).toContain('mounts a host path (/) of the Rabbit node');
      expect(findings[0].message).toContain('use a #DW storage');
    }
  });

  test('fails when an NnfPodSpec-era worker mounts a host path', () => {
    expect(policyRules({})(nnfMpi(plain, { ...plain, ...hostVolume }), NEW).map((f) => f.path)).toEqual([
      'data.mpiSpec.worker.volumes[1].hostPath',
    ]);
  });
});

describe('policy/registry', () => {
  const policy: ContainerPolicyProps = { allowedRegistries: ['ghcr.io/nearnodeflash', 'dean', 'mirror.example.com:5000'] };

  test('matches prefixes at path-component boundaries', () => {
    expect(imageAllowed('ghcr.io/nearnodeflash/nnf-mfu:1', ['ghcr.io/nearnodeflash'])).toBe(true);
    expect(imageAllowed('ghcr.io/nearnodeflashy/x:1', ['ghcr.io/nearnodeflash'])).toBe(false);
    expect(imageAllowed('dean/red-rock-slushy:v1.0', ['docker.io/dean'])).toBe(true);
    expect(imageAllowed('docker.io/dean/red-rock-slushy:v1.0', ['dean'])).toBe(true);
    expect(imageAllowed('deano/x:1', ['dean'])).toBe(false);
    expect(imageAllowed('busybox:1.36', ['docker.io/library'])).toBe(true);
    expect(imageAllowed('busybox@sha256:abc', ['docker.io'])).toBe(true);
    expect(imageAllowed('mirror.example.com:5000/a/b:2', ['mirror.example.com:5000'])).toBe(true);
    expect(imageAllowed('mirror.example.com:5001/a/b:2', ['mirror.example.com:5000'])).toBe(false);
    expect(imageAllowed('GHCR.io/nearnodeflash/a:1', ['ghcr.io/nearnodeflash/'])).toBe(true);
  });

  test('accepts images under an allowed prefix', () => {
    const p = profile({
      spec: { containers: [app({ image: 'ghcr.io/nearnodeflash/nnf-mfu:1' }), { name: 'b', image: 'dean/red-rock-slushy:v1.0' }] },
    });
    expect(policyRules(policy)(p, NEW)).toEqual([]);
  });

  test('fails when an image comes from another registry, naming the allowed ones', () => {
    const findings = policyRules(policy)(single({ image: 'ghcr.io/nearnodeflashy/x:1' }), NEW);
    expect(findings).toEqual([
      {
        layer: 'policy',
        rule: 'policy/registry',
        path: 'data.spec.containers[0].image',
        message:
          "container at data.spec.containers[0] uses image 'ghcr.io/nearnodeflashy/x:1' (ghcr.io/nearnodeflashy/x), which is not from a registry the site allows (ghcr.io/nearnodeflash, dean, mirror.example.com:5000); code from it would run on the Rabbit nodes next to the jobs' storage. " +
          "To fix: use an image from an allowed registry (or add its registry to policy.allowedRegistries in site.ts); the site allows no exception from 'registry' (policy.exceptionsAllowed in site.ts).",
      },
    ]);
  });

  test('fails when an init container, launcher or worker image is not allowed (both eras)', () => {
    const bad = { name: 'x', image: 'quay.io/x/y:1' };
    const initBad = { containers: [app()], initContainers: [bad] };
    expect(policyRules(policy)(nnfMpi(initBad, { containers: [bad] }), NEW).map((f) => f.path)).toEqual([
      'data.mpiSpec.launcher.initContainers[0].image',
      'data.mpiSpec.worker.containers[0].image',
    ]);
    expect(policyRules(policy)(replicaMpi({ containers: [bad] }, initBad), OLD).map((f) => f.path)).toEqual([
      'data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec.containers[0].image',
      'data.mpiSpec.mpiReplicaSpecs.Worker.template.spec.initContainers[0].image',
    ]);
  });
});

describe('policy exceptions', () => {
  const hostNet = { hostNetwork: true };

  test('an allowed exception with a reason passes, and is visible as the annotation', () => {
    // GIVEN a site that lets profiles be excepted from the registry rule
    const policy: ContainerPolicyProps = { allowedRegistries: ['ghcr.io/nearnodeflash'], exceptionsAllowed: ['registry'] };
    // WHEN a profile takes the exception
    const chart = environmentChart('v1alpha11');
    const object = new ContainerProfile(chart, 'vendor-tool', {
      containers: [{ name: 'tool', image: 'quay.io/vendor/tool:2' }],
      policyExceptions: [{ rule: 'registry', reason: 'vendor ships only from quay.io; reviewed 2026-01' }],
    }).apiObject.toJson() as ProfileObject;
    // THEN the rendered object shows it and the policy accepts it
    expect(object.metadata?.annotations).toEqual({
      'nnf-profiles/policy-exception.registry': 'vendor ships only from quay.io; reviewed 2026-01',
    });
    expect(policyRules(policy)(object, NEW)).toEqual([]);
    // and without the exception the same image is refused
    const { annotations: _annotations, ...bare } = object.metadata ?? {};
    expect(rulesOf(policyRules(policy)({ ...object, metadata: bare }, NEW))).toEqual(['policy/registry']);
  });

  test('an allowed exception covers every violation of its rule only', () => {
    const policy: ContainerPolicyProps = { exceptionsAllowed: ['host-namespaces'] };
    const p = single(
      { securityContext: { privileged: true } },
      { hostNetwork: true, hostPID: true },
      { [key('host-namespaces')]: 'needs the high-speed network' },
    );
    expect(rulesOf(policyRules(policy)(p, OLD))).toEqual(['policy/privileged']);
  });

  test('the violation message offers the exception when the site allows it', () => {
    const findings = policyRules({ exceptionsAllowed: ['host-namespaces'] })(single({}, hostNet), OLD);
    expect(findings[0].message).toContain(
      "To fix: remove hostNetwork, or, if the profile truly needs it, give it the exception with a reason (policyExceptions: [{ rule: 'host-namespaces', reason: '…' }], the annotation nnf-profiles/policy-exception.host-namespaces).",
    );
  });

  test('fails when the exception is for a rule the site does not permit', () => {
    const p = single({}, hostNet, { [key('host-namespaces')]: 'needs the high-speed network' });
    const findings = policyRules({ exceptionsAllowed: ['registry'] })(p, OLD);
    expect(findings[0]).toEqual({
      layer: 'policy',
      rule: 'policy/exception-not-allowed',
      path: 'metadata.annotations["nnf-profiles/policy-exception.host-namespaces"]',
      message:
        "annotation nnf-profiles/policy-exception.host-namespaces asks for an exception from policy rule 'host-namespaces', which the site does not let profiles be excepted from; remove the exception (and what needs it), or have the site allow it with policy.exceptionsAllowed: ['host-namespaces'] in site.ts",
    });
    // the violation itself stays refused
    expect(rulesOf(findings)).toEqual(['policy/exception-not-allowed', 'policy/host-namespaces']);
  });

  test('fails when the exception is for a rule the site does not permit, even unused', () => {
    expect(rulesOf(policyRules({})(single({}, {}, { [key('privileged')]: 'just in case' }), NEW))).toEqual([
      'policy/exception-not-allowed',
    ]);
  });

  test('fails when the exception names no policy rule', () => {
    const findings = policyRules({ exceptionsAllowed: ['privileged'] })(single({}, {}, { [key('root')]: 'x' }), NEW);
    expect(findings).toEqual([expect.objectContaining({ layer: 'policy', rule: 'policy/exception-not-allowed' })]);
    expect(findings[0].message).toContain(
      "names no policy rule 'root'; exceptions exist for privileged, capabilities, host-namespaces, host-path, registry",
    );
  });

  test('fails when an allowed exception gives no reason', () => {
    const p = single({}, hostNet, { [key('host-namespaces')]: '  ' });
    const findings = policyRules({ exceptionsAllowed: ['host-namespaces'] })(p, OLD);
    expect(rulesOf(findings)).toEqual(['policy/exception-reason', 'policy/host-namespaces']);
    expect(findings[0].message).toContain('gives no reason');
  });

  test('warns when an allowed exception is not used', () => {
    const findings = policyRules({ exceptionsAllowed: ['host-path'] })(single({}, {}, { [key('host-path')]: 'scratch on node' }), NEW);
    expect(findings).toEqual([
      {
        layer: 'lint',
        rule: 'policy/unused-exception',
        path: 'metadata.annotations["nnf-profiles/policy-exception.host-path"]',
        message:
          "annotation nnf-profiles/policy-exception.host-path excepts the profile from policy rule 'host-path', which it does not violate; remove the exception so it cannot cover a later change unreviewed",
      },
    ]);
  });

  test('policyExceptionAnnotations renders what the constructs render', () => {
    expect(policyExceptionAnnotations([{ rule: 'host-path', reason: 'r' }])).toEqual({ 'nnf-profiles/policy-exception.host-path': 'r' });
  });
});

describe('policy settings', () => {
  test('fails when a setting is invalid, naming it', () => {
    expect(() => policyRules({ exceptionsAllowed: ['root' as never] })).toThrow(
      'policy.exceptionsAllowed[0]: "root" is not a policy rule; use one of privileged, capabilities, host-namespaces, host-path, registry',
    );
    expect(() => policyRules({ allowedRegistries: [] })).toThrow('policy.allowedRegistries: an empty list would refuse every image');
    expect(() => policyRules({ allowedRegistries: ['ok.io', ''] })).toThrow(
      'policy.allowedRegistries[1]: "" is not a registry or repository prefix',
    );
  });

  test('policyProblems accepts a valid policy', () => {
    expect(
      policyProblems({ allowedRegistries: ['docker.io', 'ghcr.io/nearnodeflash'], exceptionsAllowed: ['privileged', 'registry'] }),
    ).toEqual([]);
    expect(policyProblems(undefined)).toEqual([]);
  });
});
