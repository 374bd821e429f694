import { isCelError, run } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { RE2JS } from '@bufbuild/re2';
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { type ApiVersion, eraOf } from '../../src/model';
import { type ContainerPolicyProps, POLICY_EXCEPTION_ANNOTATION_PREFIX, POLICY_RULES, policyRules } from '../../src/policy';
import { BLANK_PATTERN, declaresContainerPolicy, renderAdmissionPolicy } from '../../src/policy/admission-policy';
import type { ProfileObject } from '../../src/validate/rules';

// ---------------------------------------------------------------------------------------------
// Evaluating the emitted policy as the API server does: variables in order, then each validation.

type Json = Record<string, unknown>;
interface Validation {
  expression: string;
  message: string;
  messageExpression?: string;
}
interface PolicySpec {
  variables: { name: string; expression: string }[];
  validations: Validation[];
}

/** Plain data as CEL sees a decoded object: maps and lists, with nulls dropped as the API server drops them. */
function toCel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === 'object') {
    return new Map(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, toCel(v)]),
    );
  }
  return value;
}

function evaluate(expression: string, bindings: Record<string, unknown>): unknown {
  const result = run(expression, bindings as never, { funcs: strings });
  if (isCelError(result)) throw new Error(`CEL error: ${result.message}\n  in: ${expression}`);
  return result;
}

/** The rule each validation's message cites, as synth's findings cite it: `… [policy/registry]`. */
const ruleOf = (message: string) => /\[(policy\/[a-z-]+)\]$/.exec(message)?.[1];

interface Verdict {
  refused: Set<string>;
  messages: string[];
}

function admit(spec: PolicySpec, object: Json): Verdict {
  const variables = new Map<string, unknown>();
  const bindings = { object: toCel(object), variables };
  for (const variable of spec.variables) variables.set(variable.name, evaluate(variable.expression, bindings));
  const refused = new Set<string>();
  const messages: string[] = [];
  for (const validation of spec.validations) {
    const verdict = evaluate(validation.expression, bindings);
    expect(typeof verdict).toBe('boolean');
    if (verdict) continue;
    refused.add(ruleOf(validation.message)!);
    messages.push(validation.messageExpression ? String(evaluate(validation.messageExpression, bindings)) : validation.message);
  }
  return { refused, messages };
}

function synthRefuses(policy: ContainerPolicyProps, object: Json, version: ApiVersion): Set<string> {
  const findings = policyRules(policy)(object as ProfileObject, { version, era: eraOf(version), profileNamespace: 'nnf-system' });
  return new Set(findings.filter((f) => f.layer !== 'lint').map((f) => f.rule));
}

// ---------------------------------------------------------------------------------------------
// The case table

const POLICIES = {
  /** Registries as written in site.ts (a relocation mirror among them), three rules exceptable. */
  site: {
    allowedRegistries: ['docker.io/library', 'dean', 'ghcr.io/nearnodeflash', 'Mirror.Example.com/hub/'],
    exceptionsAllowed: ['privileged', 'host-path', 'registry'],
  },
  /** Docker Hub only, no exceptions. */
  strict: { allowedRegistries: ['docker.io'] },
  /** No registry rule: only the rules that always hold. */
  builtin: { exceptionsAllowed: [] },
} satisfies Record<string, ContainerPolicyProps>;

type Shape = 'single' | 'mpi';
interface Case {
  name: string;
  policy: keyof typeof POLICIES;
  version: ApiVersion;
  shape: Shape;
  /** Containers of data.spec, or of the MPI launcher. */
  containers?: Json[];
  initContainers?: Json[];
  /** Pod-level fields of data.spec, or of the MPI launcher. */
  pod?: Json;
  /** MPI worker pod (containers and pod fields). */
  worker?: Json;
  /** PodSpec era MPI: replica specs besides Launcher and Worker. */
  extraReplicas?: Record<string, Json>;
  annotations?: Record<string, string>;
  /** The rules synth (and therefore the cluster) refuses, short names. */
  refuses: string[];
}

const app = (extra: Json = {}) => ({ name: 'app', image: 'ghcr.io/nearnodeflash/app:1', ...extra });
const image = (ref: string) => [app({ image: ref })];
const security = (securityContext: Json) => [app({ securityContext })];
const exception = (rule: string, reason = 'reviewed by the storage team') => ({ [`${POLICY_EXCEPTION_ANNOTATION_PREFIX}${rule}`]: reason });
const hostPath = { volumes: [{ name: 'h', hostPath: { path: '/var/run' } }] };

const CASES: Case[] = [
  // registry: qualification, prefixes, case of hosts, digests, relocated mirrors
  { name: 'allowed repository prefix', policy: 'site', version: 'v1alpha11', shape: 'single', refuses: [] },
  {
    name: 'official image without registry is docker.io/library',
    policy: 'site',
    version: 'v1alpha11',
    shape: 'single',
    containers: image('busybox:1.36'),
    refuses: [],
  },
  {
    name: 'image from another registry',
    policy: 'site',
    version: 'v1alpha11',
    shape: 'single',
    containers: image('evil.example.com/x:1'),
    refuses: ['registry'],
  },
  {
    name: 'Docker Hub user prefix with digest',
    policy: 'site',
    version: 'v1alpha10',
    shape: 'single',
    containers: image('dean/app@sha256:0123abcd'),
    refuses: [],
  },
  {
    name: 'prefix matches whole path components only',
    policy: 'site',
    version: 'v1alpha10',
    shape: 'single',
    containers: image('deanx/app:1'),
    refuses: ['registry'],
  },
  {
    name: 'repository equal to the prefix',
    policy: 'site',
    version: 'v1alpha8',
    shape: 'single',
    containers: image('ghcr.io/nearnodeflash'),
    refuses: [],
  },
  {
    name: 'registry host is case-insensitive',
    policy: 'site',
    version: 'v1alpha8',
    shape: 'single',
    containers: image('GHCR.IO/nearnodeflash/app:1'),
    refuses: [],
  },
  {
    name: 'repository path is case-sensitive',
    policy: 'site',
    version: 'v1alpha7',
    shape: 'single',
    containers: image('ghcr.io/NearNodeFlash/app'),
    refuses: ['registry'],
  },
  {
    name: 'index.docker.io is Docker Hub',
    policy: 'site',
    version: 'v1alpha11',
    shape: 'single',
    containers: image('index.docker.io/library/alpine:3'),
    refuses: [],
  },
  {
    name: 'registry-1.docker.io is Docker Hub',
    policy: 'site',
    version: 'v1alpha6',
    shape: 'single',
    containers: image('registry-1.docker.io/dean/x'),
    refuses: [],
  },
  {
    name: 'relocated image on the site mirror',
    policy: 'site',
    version: 'v1alpha6',
    shape: 'single',
    containers: image('mirror.example.com/hub/library/busybox:1.36'),
    refuses: [],
  },
  {
    name: 'registry with a port',
    policy: 'site',
    version: 'v1alpha1',
    shape: 'single',
    containers: image('localhost:5000/app:1'),
    refuses: ['registry'],
  },
  {
    name: 'tag and digest',
    policy: 'site',
    version: 'v1alpha11',
    shape: 'single',
    containers: image('docker.io/library/busybox:1@sha256:0123abcd'),
    refuses: [],
  },
  {
    name: 'empty image is not the registry rule',
    policy: 'site',
    version: 'v1alpha11',
    shape: 'single',
    containers: image(''),
    refuses: [],
  },
  {
    name: 'init container image',
    policy: 'site',
    version: 'v1alpha11',
    shape: 'single',
    initContainers: image('quay.io/other/init:1'),
    refuses: ['registry'],
  },
  { name: 'MPI launcher and worker allowed', policy: 'site', version: 'v1alpha11', shape: 'mpi', refuses: [] },
  {
    name: 'MPI worker image refused',
    policy: 'site',
    version: 'v1alpha10',
    shape: 'mpi',
    worker: { containers: image('evil.example.com/w:1') },
    refuses: ['registry'],
  },
  {
    name: 'PodSpec-era MPI worker image refused',
    policy: 'site',
    version: 'v1alpha6',
    shape: 'mpi',
    worker: { containers: image('evil.example.com/w:1') },
    refuses: ['registry'],
  },
  { name: 'Docker Hub only: ghcr refused', policy: 'strict', version: 'v1alpha11', shape: 'single', refuses: ['registry'] },
  {
    name: 'Docker Hub only: official image',
    policy: 'strict',
    version: 'v1alpha6',
    shape: 'mpi',
    containers: image('busybox'),
    worker: { containers: image('dean/w') },
    refuses: [],
  },
  {
    name: 'no registry rule without allowedRegistries',
    policy: 'builtin',
    version: 'v1alpha11',
    shape: 'single',
    containers: image('evil.example.com/x:1'),
    refuses: [],
  },
  // exceptions
  {
    name: 'registry exception with a reason',
    policy: 'site',
    version: 'v1alpha10',
    shape: 'single',
    containers: image('evil.example.com/x:1'),
    annotations: exception('registry'),
    refuses: [],
  },
  {
    name: 'exception with a blank reason',
    policy: 'site',
    version: 'v1alpha10',
    shape: 'single',
    containers: image('evil.example.com/x:1'),
    annotations: exception('registry', ' \t '),
    refuses: ['registry', 'exception-reason'],
  },
  {
    name: 'exception whose reason JavaScript trims away (U+FEFF)',
    policy: 'site',
    version: 'v1alpha11',
    shape: 'single',
    containers: image('evil.example.com/x:1'),
    annotations: exception('registry', '\ufeff\u3000'),
    refuses: ['registry', 'exception-reason'],
  },
  {
    name: 'exception whose reason JavaScript keeps (U+0085)',
    policy: 'site',
    version: 'v1alpha11',
    shape: 'single',
    containers: image('evil.example.com/x:1'),
    annotations: exception('registry', '\u0085'),
    refuses: [],
  },
  {
    name: 'exception the site does not allow',
    policy: 'site',
    version: 'v1alpha6',
    shape: 'single',
    containers: security({ capabilities: { add: ['NET_ADMIN'] } }),
    annotations: exception('capabilities'),
    refuses: ['capabilities', 'exception-not-allowed'],
  },
  {
    name: 'exception for no rule',
    policy: 'site',
    version: 'v1alpha11',
    shape: 'single',
    annotations: exception('root'),
    refuses: ['exception-not-allowed'],
  },
  {
    name: 'exception a site without exceptions refuses',
    policy: 'strict',
    version: 'v1alpha6',
    shape: 'single',
    containers: [app({ image: 'busybox', securityContext: { privileged: true } })],
    annotations: exception('privileged'),
    refuses: ['privileged', 'exception-not-allowed'],
  },
  {
    name: 'unused exception is only a warning',
    policy: 'site',
    version: 'v1alpha8',
    shape: 'single',
    annotations: exception('host-path'),
    refuses: [],
  },
  {
    name: 'other annotations are ignored',
    policy: 'strict',
    version: 'v1alpha11',
    shape: 'single',
    containers: image('busybox'),
    annotations: { 'example.com/owner': 'hpc' },
    refuses: [],
  },
  // privileged and privilege escalation
  {
    name: 'privileged container',
    policy: 'site',
    version: 'v1alpha6',
    shape: 'single',
    containers: security({ privileged: true }),
    refuses: ['privileged'],
  },
  {
    name: 'privileged: false',
    policy: 'site',
    version: 'v1alpha6',
    shape: 'single',
    containers: security({ privileged: false, allowPrivilegeEscalation: false }),
    refuses: [],
  },
  {
    name: 'privileged with an exception',
    policy: 'site',
    version: 'v1alpha6',
    shape: 'single',
    containers: security({ privileged: true }),
    annotations: exception('privileged'),
    refuses: [],
  },
  {
    name: 'privilege escalation',
    policy: 'site',
    version: 'v1alpha7',
    shape: 'single',
    containers: security({ allowPrivilegeEscalation: true }),
    refuses: ['privileged'],
  },
  {
    name: 'privileged MPI worker',
    policy: 'site',
    version: 'v1alpha8',
    shape: 'mpi',
    worker: { containers: security({ privileged: true }) },
    refuses: ['privileged'],
  },
  {
    name: 'privileged init container of a PodSpec-era MPI launcher',
    policy: 'site',
    version: 'v1alpha1',
    shape: 'mpi',
    initContainers: security({ privileged: true }),
    refuses: ['privileged'],
  },
  {
    name: 'privileged pod in an extra replica spec',
    policy: 'site',
    version: 'v1alpha6',
    shape: 'mpi',
    extraReplicas: { Extra: { template: { spec: { containers: security({ privileged: true }) } } } },
    refuses: ['privileged'],
  },
  { name: 'empty security context', policy: 'builtin', version: 'v1alpha1', shape: 'single', containers: security({}), refuses: [] },
  // capabilities
  {
    name: 'added capability',
    policy: 'builtin',
    version: 'v1alpha6',
    shape: 'single',
    containers: security({ capabilities: { add: ['SYS_ADMIN'] } }),
    refuses: ['capabilities'],
  },
  {
    name: 'dropped capabilities only',
    policy: 'builtin',
    version: 'v1alpha6',
    shape: 'mpi',
    containers: security({ capabilities: { add: [], drop: ['ALL'] } }),
    refuses: [],
  },
  {
    name: 'added capability in an NnfPodSpec-era MPI launcher',
    policy: 'site',
    version: 'v1alpha11',
    shape: 'mpi',
    containers: security({ capabilities: { add: ['NET_RAW'] } }),
    refuses: ['capabilities'],
  },
  // host namespaces
  {
    name: 'hostNetwork',
    policy: 'builtin',
    version: 'v1alpha6',
    shape: 'single',
    pod: { hostNetwork: true },
    refuses: ['host-namespaces'],
  },
  {
    name: 'hostPID in a PodSpec-era MPI worker',
    policy: 'site',
    version: 'v1alpha1',
    shape: 'mpi',
    worker: { hostPID: true },
    refuses: ['host-namespaces'],
  },
  { name: 'hostIPC false', policy: 'site', version: 'v1alpha1', shape: 'single', pod: { hostIPC: false, hostNetwork: false }, refuses: [] },
  {
    name: 'hostIPC in the launcher',
    policy: 'strict',
    version: 'v1alpha6',
    shape: 'mpi',
    containers: image('busybox'),
    worker: { containers: image('busybox') },
    pod: { hostIPC: true },
    refuses: ['host-namespaces'],
  },
  // host paths
  { name: 'hostPath volume', policy: 'builtin', version: 'v1alpha6', shape: 'single', pod: hostPath, refuses: ['host-path'] },
  {
    name: 'hostPath volume with an exception',
    policy: 'site',
    version: 'v1alpha6',
    shape: 'single',
    pod: hostPath,
    annotations: exception('host-path'),
    refuses: [],
  },
  {
    name: 'emptyDir volume',
    policy: 'site',
    version: 'v1alpha6',
    shape: 'mpi',
    pod: { volumes: [{ name: 'e', emptyDir: {} }] },
    refuses: [],
  },
  {
    name: 'hostPath in an NnfPodSpec-era MPI worker',
    policy: 'site',
    version: 'v1alpha8',
    shape: 'mpi',
    worker: hostPath,
    refuses: ['host-path'],
  },
  // several at once
  {
    name: 'every rule broken at once',
    policy: 'site',
    version: 'v1alpha6',
    shape: 'single',
    containers: [app({ image: 'evil.example.com/x', securityContext: { privileged: true, capabilities: { add: ['ALL'] } } })],
    pod: { hostNetwork: true, ...hostPath },
    annotations: exception('capabilities', ''),
    refuses: ['registry', 'privileged', 'capabilities', 'host-namespaces', 'host-path', 'exception-not-allowed'],
  },
  {
    name: 'every exceptable rule excepted at once',
    policy: 'site',
    version: 'v1alpha1',
    shape: 'mpi',
    worker: { containers: [app({ image: 'evil.example.com/x', securityContext: { allowPrivilegeEscalation: true } })], ...hostPath },
    annotations: { ...exception('registry'), ...exception('privileged'), ...exception('host-path') },
    refuses: [],
  },
];

function profileOf(c: Case): Json {
  const launcher: Json = {
    containers: c.containers ?? [app()],
    ...(c.initContainers ? { initContainers: c.initContainers } : {}),
    ...c.pod,
  };
  const worker: Json = { containers: [app({ name: 'worker' })], ...c.worker };
  let data: Json;
  if (c.shape === 'single') data = { spec: launcher };
  else if (eraOf(c.version) === 'NnfPodSpec') data = { mpiSpec: { launcher, worker } };
  else {
    const replica = (spec: Json) => ({ replicas: 1, template: { spec } });
    const extra = Object.fromEntries(Object.entries(c.extraReplicas ?? {}));
    data = { mpiSpec: { mpiReplicaSpecs: { Launcher: replica(launcher), Worker: replica(worker), ...extra } } };
  }
  return {
    apiVersion: `nnf.cray.hpe.com/${c.version}`,
    kind: 'NnfContainerProfile',
    metadata: { name: 'p', namespace: 'nnf-system', ...(c.annotations ? { annotations: c.annotations } : {}) },
    data: { pinned: false, retryLimit: 6, storages: [], ...data },
  };
}

const specOf = (policy: ContainerPolicyProps) => renderAdmissionPolicy(policy, { profileNamespace: 'nnf-system' })[0].spec as PolicySpec;
const SPECS = Object.fromEntries(Object.entries(POLICIES).map(([name, policy]) => [name, specOf(policy)])) as Record<
  keyof typeof POLICIES,
  PolicySpec
>;
const ruleIds = (rules: string[]) => new Set(rules.map((r) => `policy/${r}`));

describe('the admission policy agrees with synth, case by case', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const object = profileOf(c);
    const synth = synthRefuses(POLICIES[c.policy], object, c.version);
    const cluster = admit(SPECS[c.policy], object);
    expect(synth).toEqual(ruleIds(c.refuses));
    expect(cluster.refused).toEqual(synth);
  });

  test('the table has at least 30 cases, covering every rule refused and accepted, every version, both shapes', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    const refused = new Set(CASES.flatMap((c) => c.refuses));
    for (const rule of [...POLICY_RULES, 'exception-not-allowed', 'exception-reason']) expect(refused).toContain(rule);
    // Accepted: a case whose policy checks the rule and which it does not refuse.
    for (const rule of POLICY_RULES) {
      expect(CASES.some((c) => !c.refuses.includes(rule) && (rule !== 'registry' || c.policy !== 'builtin'))).toBe(true);
    }
    expect(new Set(CASES.map((c) => c.version))).toEqual(
      new Set(['v1alpha1', 'v1alpha6', 'v1alpha7', 'v1alpha8', 'v1alpha10', 'v1alpha11']),
    );
    for (const era of ['PodSpec', 'NnfPodSpec'] as const) {
      for (const shape of ['single', 'mpi'] as const) expect(CASES.some((c) => c.shape === shape && eraOf(c.version) === era)).toBe(true);
    }
    expect(CASES.some((c) => c.annotations && c.refuses.length === 0)).toBe(true);
  });
});

describe('admission messages', () => {
  test('the registry message lists the refused images and names the rule', () => {
    const c = CASES.find((x) => x.name === 'MPI worker image refused')!;
    const { messages } = admit(SPECS.site, profileOf(c));
    expect(messages).toEqual([
      'NnfContainerProfile refused by the site container policy: images from no registry the site allows ' +
        '(docker.io/library, dean, ghcr.io/nearnodeflash, Mirror.Example.com/hub/): evil.example.com/w:1 [policy/registry]',
    ]);
  });

  test('every validation names one rule of synth, and tells how to get an exception where the site allows one', () => {
    const rules = SPECS.site.validations.map((v) => ruleOf(v.message));
    expect(rules).toEqual([
      'policy/privileged',
      'policy/privileged',
      'policy/capabilities',
      'policy/host-namespaces',
      'policy/host-path',
      'policy/registry',
      'policy/exception-not-allowed',
      'policy/exception-reason',
    ]);
    expect(SPECS.site.validations[0].message).toContain('nnf-profiles/policy-exception.privileged');
    expect(SPECS.site.validations[2].message).not.toContain('policy-exception');
  });

  test('a site without exceptions or registries checks neither', () => {
    expect(SPECS.builtin.validations.map((v) => ruleOf(v.message))).not.toContain('policy/registry');
    expect(SPECS.builtin.validations.map((v) => ruleOf(v.message))).not.toContain('policy/exception-reason');
    expect(SPECS.builtin.variables.map((v) => v.name)).toEqual(['mpi', 'pods', 'containers', 'annotations']);
  });
});

describe('BLANK_PATTERN', () => {
  test('matches exactly the characters JavaScript trim removes', () => {
    const blank = RE2JS.compile(BLANK_PATTERN);
    const differ: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const ch = String.fromCharCode(code);
      if (blank.test(ch) !== (ch.trim() === '')) differ.push(code.toString(16));
    }
    expect(differ).toEqual([]);
  });
});

describe('renderAdmissionPolicy', () => {
  const [policy, binding] = renderAdmissionPolicy(POLICIES.site, { profileNamespace: 'nnf-profiles-test' });

  test('matches NnfContainerProfiles of every version on create and update, and fails closed', () => {
    expect(policy).toMatchObject({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'nnf-profiles-container-policy', labels: { 'app.kubernetes.io/managed-by': 'nnf-profiles' } },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          matchPolicy: 'Equivalent',
          resourceRules: [
            {
              apiGroups: ['nnf.cray.hpe.com'],
              apiVersions: ['v1alpha1', 'v1alpha6', 'v1alpha7', 'v1alpha8', 'v1alpha10', 'v1alpha11'],
              operations: ['CREATE', 'UPDATE'],
              resources: ['nnfcontainerprofiles'],
            },
          ],
        },
      },
    });
  });

  test('binds the policy to the profile namespace only, denying', () => {
    expect(binding).toEqual({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: 'nnf-profiles-container-policy', labels: { 'app.kubernetes.io/managed-by': 'nnf-profiles' } },
      spec: {
        policyName: 'nnf-profiles-container-policy',
        validationActions: ['Deny'],
        matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'nnf-profiles-test' } } },
      },
    });
  });

  test.each(Object.keys(POLICIES))('is valid admissionregistration.k8s.io/v1 for the %s policy', (name) => {
    const [p, b] = renderAdmissionPolicy(POLICIES[name as keyof typeof POLICIES], { profileNamespace: 'nnf-system' });
    expect(() => new ValidatingAdmissionPolicy(p as never).validate()).not.toThrow();
    expect(() => new ValidatingAdmissionPolicyBinding(b as never).validate()).not.toThrow();
  });

  test('fails when a field has the wrong type (the model check is not vacuous)', () => {
    const { validations: _v, ...noValidations } = policy.spec as Json;
    const broken = { ...policy, spec: { ...noValidations, failurePolicy: 7 } };
    expect(() => new ValidatingAdmissionPolicy(broken as never).validate()).toThrow();
  });
});

describe('declaresContainerPolicy', () => {
  test('only a policy setting that names registries or exceptions is enforced in the cluster', () => {
    expect(declaresContainerPolicy({})).toBe(false);
    expect(declaresContainerPolicy(undefined)).toBe(false);
    expect(declaresContainerPolicy({ exceptionsAllowed: [] })).toBe(true);
    expect(declaresContainerPolicy({ allowedRegistries: ['docker.io'] })).toBe(true);
  });
});
