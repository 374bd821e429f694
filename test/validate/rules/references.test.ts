import { NNF_CONTAINER_VARIABLES, parseImageReference, variableReferences } from '../../../src/rendered';
import { type ProfileObject, referenceRules, type RuleContext } from '../../../src/validate/rules';

const NEW: RuleContext = { version: 'v1alpha11', era: 'NnfPodSpec', profileNamespace: 'nnf-system' };
const OLD: RuleContext = { version: 'v1alpha6', era: 'PodSpec', profileNamespace: 'nnf-system' };

type Obj = Record<string, unknown>;

const STORAGES = [
  { name: 'DW_JOB_foo_local_storage', optional: false },
  { name: 'DW_PERSISTENT_foo_persistent_storage', optional: true },
];

function single(containers: Obj[], data: Obj = {}, spec: Obj = {}): ProfileObject {
  return {
    metadata: { name: 'pp', namespace: 'nnf-system' },
    data: { pinned: false, retryLimit: 6, storages: STORAGES, spec: { containers, ...spec }, ...data },
  };
}

const c = (extra: Obj = {}): Obj => ({ name: 'app', image: 'app:1', imagePullPolicy: 'IfNotPresent', ...extra });

function nnfMpi(launcher: Obj[], worker: Obj[], data: Obj = {}): ProfileObject {
  return {
    metadata: { name: 'pp', namespace: 'nnf-system' },
    data: {
      pinned: false,
      retryLimit: 6,
      storages: STORAGES,
      mpiSpec: { launcher: { containers: launcher }, worker: { containers: worker } },
      ...data,
    },
  };
}

function podSpecMpi(launcher: Obj[], worker: Obj[], data: Obj = {}): ProfileObject {
  const pod = (containers: Obj[]) => ({ template: { spec: { containers } } });
  return {
    metadata: { name: 'pp', namespace: 'nnf-system' },
    data: {
      pinned: false,
      retryLimit: 6,
      storages: STORAGES,
      mpiSpec: { mpiReplicaSpecs: { Launcher: pod(launcher), Worker: pod(worker) } },
      ...data,
    },
  };
}

const undefinedVariables = (p: ProfileObject, context: RuleContext = NEW) =>
  referenceRules(p, context).filter((f) => f.rule === 'reference/undefined-variable');

describe('variableReferences (Kubernetes expansion)', () => {
  test.each([
    ['$(A)/x', ['A']],
    ['$(A)$(B) $(A)', ['A', 'B', 'A']],
    ['$$(A)', []],
    ['$$$(A)', ['A']],
    ['$$$$(A)', []],
    ['x=$((RANDOM % 2))', ['(RANDOM % 2']],
    ['$(seq 1 10)', ['seq 1 10']],
    ['$(A', []],
    ['$', []],
    ['$x $(B)', ['B']],
    ['a$)b$(', []],
  ])('%s → %j', (text, names) => {
    expect(variableReferences(text)).toEqual(names);
  });
});

describe('reference/undefined-variable', () => {
  test('the NNF variables are one constant', () => {
    expect(NNF_CONTAINER_VARIABLES.always).toEqual([
      'NNF_CONTAINER_HOSTNAMES',
      'NNF_CONTAINER_DOMAIN',
      'NNF_CONTAINER_SUBDOMAIN',
      'NNF_NODE_NAME',
    ]);
    expect(NNF_CONTAINER_VARIABLES.ports).toBe('NNF_CONTAINER_PORTS');
  });

  test('accepts declared storages (optional ones too), NNF variables, env entries and non-references', () => {
    const command = [
      'run',
      '$(DW_JOB_foo_local_storage)/0',
      '$(DW_PERSISTENT_foo_persistent_storage)',
      '$(NNF_CONTAINER_HOSTNAMES) $(NNF_CONTAINER_DOMAIN) $(NNF_CONTAINER_SUBDOMAIN) $(NNF_NODE_NAME)',
      '$(LATER)',
      '$$(ESCAPED) x=$((RANDOM % 2)) $(hostname) $(seq 1 3) $(KUBERNETES_SERVICE_HOST)',
    ];
    const env = [
      { name: 'FIRST', value: 'a' },
      { name: 'SECOND', value: '$(FIRST)/b' },
      { name: 'LATER', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ];
    for (const context of [NEW, OLD]) {
      expect(referenceRules(single([c({ command, args: ['$(SECOND)'], env })]), context)).toEqual([]);
    }
  });

  test('fails when a storage is not declared, saying the text reaches the program literally', () => {
    const findings = referenceRules(single([c({ command: ['run', '$(DW_JOB_other)/x'] })]), NEW);
    expect(findings).toEqual([
      {
        layer: 'job',
        rule: 'reference/undefined-variable',
        path: 'data.spec.containers[0].command[1]',
        message: expect.stringContaining('literally'),
      },
    ]);
    expect(findings[0].message).toContain("'$(DW_JOB_other)'");
    expect(findings[0].message).toContain('$$(DW_JOB_other)');
  });

  test('fails when a name differs only in case, suggesting the defined one', () => {
    expect(undefinedVariables(single([c({ args: ['$(DW_JOB_FOO_LOCAL_STORAGE)'] })]))).toEqual([
      expect.objectContaining({
        path: 'data.spec.containers[0].args[0]',
        message: expect.stringContaining('did you mean $(DW_JOB_foo_local_storage)?'),
      }),
    ]);
  });

  test('fails when a lower-case name looks like a storage or NNF variable, but not for shell command substitution', () => {
    expect(undefinedVariables(single([c({ args: ['$(dw_job_x)', '$(nnf_thing)', '$(date)', '$(whoami)'] })])).map((f) => f.path)).toEqual([
      'data.spec.containers[0].args[0]',
      'data.spec.containers[0].args[1]',
    ]);
  });

  test('reports a name once per string', () => {
    expect(undefinedVariables(single([c({ args: ['$(NOPE) $(NOPE)'] })]))).toHaveLength(1);
  });

  test('fails when an env value uses a later entry', () => {
    const env = [
      { name: 'A', value: '$(B)/x' },
      { name: 'B', value: 'b' },
    ];
    expect(undefinedVariables(single([c({ env })]))).toEqual([
      {
        layer: 'job',
        rule: 'reference/undefined-variable',
        path: 'data.spec.containers[0].env[0].value',
        message: expect.stringContaining('later entry, env[1]'),
      },
    ]);
  });

  test('fails when an env value uses a storage or NNF variable, which NNF appends after the profile env', () => {
    const env = [
      { name: 'OUT', value: '$(DW_JOB_foo_local_storage)/out' },
      { name: 'HOSTS', value: '$(NNF_CONTAINER_HOSTNAMES)' },
    ];
    const findings = undefinedVariables(single([c({ env })]));
    expect(findings.map((f) => [f.path, f.layer])).toEqual([
      ['data.spec.containers[0].env[0].value', 'job'],
      ['data.spec.containers[0].env[1].value', 'job'],
    ]);
    expect(findings[0].message).toContain('NNF appends storage variable DW_JOB_foo_local_storage after');
    expect(findings[0].message).toContain('use it in command or args instead');
  });

  test('fails when a self-referencing env value relies on the image environment', () => {
    expect(undefinedVariables(single([c({ env: [{ name: 'PATH', value: '/opt/bin:$(PATH)' }] })]))).toEqual([
      expect.objectContaining({ path: 'data.spec.containers[0].env[0].value', message: expect.stringContaining("'$(PATH)'") }),
    ]);
  });

  test('fails when an init container uses a storage or NNF variable, which NNF sets only in containers', () => {
    const p = single(
      [c()],
      {},
      {
        initContainers: [
          c({ name: 'init', command: ['mkdir', '$(DW_JOB_foo_local_storage)/x'], args: ['$(MINE)'], env: [{ name: 'MINE', value: '1' }] }),
        ],
      },
    );
    expect(undefinedVariables(p)).toEqual([
      {
        layer: 'job',
        rule: 'reference/undefined-variable',
        path: 'data.spec.initContainers[0].command[1]',
        message: expect.stringContaining('not in its init containers'),
      },
    ]);
  });

  test('fails when NNF_CONTAINER_PORTS is used without numPorts', () => {
    const args = ['--port', '$(NNF_CONTAINER_PORTS)'];
    expect(undefinedVariables(single([c({ args })]))).toEqual([
      expect.objectContaining({
        path: 'data.spec.containers[0].args[1]',
        message: expect.stringContaining('only when data.numPorts is above 0'),
      }),
    ]);
    expect(undefinedVariables(single([c({ args })], { numPorts: 1 }))).toEqual([]);
  });

  test('accepts NNF_CONTAINER_PORTS_<container> for a container that gets ports', () => {
    const p = single(
      [c({ name: 'web-server', args: ['$(NNF_CONTAINER_PORTS_web_server)'] }), c({ name: 'side', args: ['$(NNF_CONTAINER_PORTS_side)'] })],
      { numPorts: 1 },
    );
    expect(referenceRules(p, NEW)).toEqual([]);
  });

  test('fails when NNF_CONTAINER_PORTS_<name> names no container that gets ports', () => {
    const bad = single([c({ name: 'web-server', args: ['$(NNF_CONTAINER_PORTS_web-server)', '$(NNF_CONTAINER_PORTS_webserver)'] })], {
      numPorts: 1,
    });
    // `web-server` with a dash is not a valid variable name: Kubernetes leaves it alone, and so do we.
    expect(undefinedVariables(bad)).toEqual([
      expect.objectContaining({
        path: 'data.spec.containers[0].args[1]',
        message: expect.stringContaining('(here: NNF_CONTAINER_PORTS_web_server)'),
      }),
    ]);
  });

  test('MPI: the launcher containers get ports, in both eras; the workers see the launcher names', () => {
    const launcher = [c({ name: 'mpi-launcher', command: ['mpirun', '$(NNF_CONTAINER_PORTS_mpi_launcher)'] })];
    const worker = [c({ name: 'mpi-worker', command: ['$(NNF_CONTAINER_PORTS_mpi_launcher)', '$(NNF_CONTAINER_PORTS_mpi_worker)'] })];
    const nnf = undefinedVariables(nnfMpi(launcher, worker, { numPorts: 1 }), NEW);
    expect(nnf.map((f) => f.path)).toEqual(['data.mpiSpec.worker.containers[0].command[1]']);
    const old = undefinedVariables(podSpecMpi(launcher, worker, { numPorts: 1 }), OLD);
    expect(old.map((f) => f.path)).toEqual(['data.mpiSpec.mpiReplicaSpecs.Worker.template.spec.containers[0].command[1]']);
  });

  test('fails when NNF_CONTAINER_LAUNCHER is used inside a container: NNF sets it on compute nodes only', () => {
    expect(undefinedVariables(nnfMpi([c({ args: ['$(NNF_CONTAINER_LAUNCHER)'] })], [c()], { numPorts: 1 }))).toEqual([
      expect.objectContaining({
        path: 'data.mpiSpec.launcher.containers[0].args[0]',
        message: expect.stringContaining('on the compute nodes only'),
      }),
    ]);
  });

  test('accepts unknown names in a container with envFrom, which may define them', () => {
    const container = c({ args: ['$(FROM_CONFIGMAP)'], envFrom: [{ configMapRef: { name: 'cm' } }] });
    expect(referenceRules(single([container]), NEW)).toEqual([]);
  });

  test('fails in PodSpec-era MPI replica specs too', () => {
    expect(undefinedVariables(podSpecMpi([c({ command: ['$(DW_JOB_missing_one)'] })], [c()]), OLD)).toEqual([
      expect.objectContaining({ layer: 'job', path: 'data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec.containers[0].command[0]' }),
    ]);
  });
});

describe('reference/container-name-unique', () => {
  test('accepts distinct names in a pod, and one name in launcher and worker', () => {
    expect(referenceRules(single([c({ name: 'a' }), c({ name: 'b' })], {}, { initContainers: [c({ name: 'c' })] }), NEW)).toEqual([]);
    expect(referenceRules(nnfMpi([c({ name: 'same' })], [c({ name: 'same' })]), NEW)).toEqual([]);
  });

  test('fails when two containers share a name', () => {
    expect(referenceRules(single([c({ name: 'a' }), c({ name: 'a' })]), OLD)).toEqual([
      {
        layer: 'job',
        rule: 'reference/container-name-unique',
        path: 'data.spec.containers[1].name',
        message: expect.stringContaining("'a' is already used by data.spec.containers[0].name"),
      },
    ]);
  });

  test('fails when an init container shares a container name', () => {
    const p = nnfMpi([c({ name: 'l' })], [c({ name: 'w' })]);
    ((p.data!.mpiSpec as Obj).worker as Obj).initContainers = [c({ name: 'w' })];
    expect(referenceRules(p, NEW)).toEqual([
      expect.objectContaining({ rule: 'reference/container-name-unique', path: 'data.mpiSpec.worker.initContainers[0].name' }),
    ]);
  });
});

describe('reference/image', () => {
  const HEX = 'a'.repeat(64);
  test.each([
    'alpine',
    'alpine:3.20',
    'dean/red-rock-slushy:v1.0',
    'ghcr.io/nearnodeflash/nnf-mfu:master',
    'localhost/app:1',
    'localhost:5000/a/b:1',
    `registry.example.com:443/team/app@sha256:${HEX}`,
    `app:1.0@sha256:${HEX}`,
    'a/b_c__d-e.f--g:v1.0_rc-1',
    '[::1]:5000/app:1',
    'Registry.Example.com/app:1',
    `app:${'t'.repeat(128)}`,
  ])('accepts %s', (image) => {
    expect('problem' in parseImageReference(image)).toBe(false);
  });

  test('parses the parts', () => {
    expect(parseImageReference(`mirror.example.com:5000/nnf/app:1.2@sha256:${HEX}`)).toEqual({
      registry: 'mirror.example.com:5000',
      path: 'nnf/app',
      tag: '1.2',
      digest: `sha256:${HEX}`,
    });
  });

  test.each([
    ['', 'is empty'],
    [' app:1', 'whitespace'],
    ['dean/App:1', 'upper-case'],
    ['Dean/App:1', 'upper-case'],
    ['app:', 'tag'],
    ['app:-x', 'tag'],
    [`app:${'t'.repeat(129)}`, 'longer than 128'],
    ['app@sha256:abc', 'digest'],
    [`app@sha256:${'A'.repeat(64)}`, '64 lower-case hex'],
    ['a//b:1', 'empty path component'],
    ['a/b/:1', 'empty path component'],
    ['a/b..c:1', 'path component'],
    ['bad_host.com/a:1', 'registry'],
    [':1', 'no repository'],
  ])('fails when the image is %j', (image, why) => {
    const findings = referenceRules(single([c({ image })]), NEW).filter((f) => f.rule === 'reference/image');
    expect(findings).toEqual([
      { layer: 'job', rule: 'reference/image', path: 'data.spec.containers[0].image', message: expect.stringContaining(why) },
    ]);
  });

  test('leaves a missing image to the schema', () => {
    expect(referenceRules(single([{ name: 'app' }]), OLD)).toEqual([]);
  });
});

describe('reference/image-pull-policy', () => {
  const warnings = (p: ProfileObject, context: RuleContext) =>
    referenceRules(p, context).filter((f) => f.rule === 'reference/image-pull-policy');

  test('fails (warning) when an untagged image has imagePullPolicy IfNotPresent, as the CRD defaults it', () => {
    expect(warnings(single([c({ image: 'alpine' })]), NEW)).toEqual([
      {
        layer: 'lint',
        rule: 'reference/image-pull-policy',
        path: 'data.spec.containers[0].image',
        message: expect.stringContaining('a node that pulled it before keeps running that old image'),
      },
    ]);
  });

  test('fails (warning) when a :latest image has imagePullPolicy Never, in both eras', () => {
    for (const context of [NEW, OLD]) {
      const found = warnings(nnfMpi([c({ image: 'ghcr.io/x/y:latest', imagePullPolicy: 'Never' })], [c()]), context);
      expect(found).toEqual([
        expect.objectContaining({
          layer: 'lint',
          path: 'data.mpiSpec.launcher.containers[0].image',
          message: expect.stringContaining('is tagged :latest and imagePullPolicy is Never'),
        }),
      ]);
    }
  });

  test('fails (warning) in the NnfPodSpec era when the policy is omitted, as the CRD default is IfNotPresent', () => {
    expect(warnings(single([{ name: 'a', image: 'alpine' }]), NEW)).toEqual([
      expect.objectContaining({
        layer: 'lint',
        message: expect.stringContaining('imagePullPolicy is IfNotPresent (the v1alpha11 default)'),
      }),
    ]);
  });

  test('accepts Always, a version tag, a digest, and an omitted policy in the PodSpec era (Kubernetes then pulls always)', () => {
    expect(warnings(single([c({ image: 'alpine', imagePullPolicy: 'Always' })]), NEW)).toEqual([]);
    expect(warnings(single([c({ image: 'alpine:3.20' })]), NEW)).toEqual([]);
    expect(warnings(single([c({ image: `alpine@sha256:${'b'.repeat(64)}` })]), NEW)).toEqual([]);
    expect(warnings(single([{ name: 'a', image: 'alpine:latest' }]), OLD)).toEqual([]);
  });
});
