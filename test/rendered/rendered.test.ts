import type { ApiVersion, ProfileModel } from '../../src/model';
import { renderProfile } from '../../src/render';
import {
  containersOf,
  DW_PROFILE_NAME,
  DW_STORAGE_NAME,
  DW_STORAGE_SUFFIX,
  expandVariables,
  imagesOf,
  isUnderPrefix,
  nnfContainerVariables,
  nnfVariables,
  podsOf,
  portContainersOf,
  qualifiedPrefix,
  qualifiedRepository,
  repositoryOf,
  storageKindOf,
  storagesOf,
  unanchored,
  variableReferences,
} from '../../src/rendered';
import { mpiModel, podModel, profileModel } from '../helpers/profile-models';

const render = (model: ProfileModel, apiVersion: ApiVersion) =>
  renderProfile(model, { apiVersion, namespace: 'nnf-system', imageRelocations: {} }).object;

/** An MPI profile whose launcher has an init container and whose worker runs another image. */
const mpiProfile = profileModel({
  storages: [
    { name: 'DW_PERSISTENT_shared', kind: 'persistent', optional: true },
    { name: 'DW_JOB_scratch', kind: 'job', optional: false },
  ],
  numPorts: 2,
  workload: mpiModel({
    launcher: podModel({
      containers: [{ name: 'launcher', image: 'mpi:1', command: ['mpirun', 'hostname'] }],
      initContainers: [{ name: 'setup', image: 'busybox:1.36' }],
    }),
    worker: podModel({ containers: [{ name: 'mpi-worker', image: 'mpi:2' }] }),
  }),
});

describe('the name patterns', () => {
  test('print as the DWS rules write them', () => {
    expect(DW_PROFILE_NAME.source).toBe('^[a-z][a-z0-9-]+$');
    expect(DW_STORAGE_NAME.source).toBe('^(DW_JOB_|DW_PERSISTENT_|DW_GLOBAL_)[a-z][a-z0-9_]+$');
    expect(unanchored(DW_STORAGE_SUFFIX)).toBe('[a-z][a-z0-9_]+');
  });

  test('a storage name is usable only with a prefix and a lower-case suffix of two characters or more', () => {
    expect(['DW_JOB_scratch', 'DW_PERSISTENT_a1', 'DW_GLOBAL_lus_2'].every((n) => DW_STORAGE_NAME.test(n))).toBe(true);
    expect(['DW_JOB_x', 'DW_JOB_foo-bar', 'DW_JOB_Foo', 'dw_job_foo', 'scratch', 'DW_OTHER_foo'].some((n) => DW_STORAGE_NAME.test(n))).toBe(
      false,
    );
    expect(['DW_JOB_foo-bar', 'DW_PERSISTENT_', 'DW_GLOBAL_x', 'DW_OTHER_foo'].map(storageKindOf)).toEqual([
      'job',
      'persistent',
      'global',
      undefined,
    ]);
  });
});

describe('walking a rendered MPI profile', () => {
  test('yields the same containers in both eras, each at its era’s path', () => {
    const walk = (version: ApiVersion) => containersOf(render(mpiProfile, version)).map((c) => [c.path, c.role, c.init, c.container.name]);
    expect(walk('v1alpha11')).toEqual([
      ['data.mpiSpec.launcher.containers[0]', 'launcher', false, 'launcher'],
      ['data.mpiSpec.launcher.initContainers[0]', 'launcher', true, 'setup'],
      ['data.mpiSpec.worker.containers[0]', 'worker', false, 'mpi-worker'],
    ]);
    expect(walk('v1alpha6')).toEqual([
      ['data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec.containers[0]', 'launcher', false, 'launcher'],
      ['data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec.initContainers[0]', 'launcher', true, 'setup'],
      ['data.mpiSpec.mpiReplicaSpecs.Worker.template.spec.containers[0]', 'worker', false, 'mpi-worker'],
    ]);
  });

  test('finds the same images, storages and port containers in both eras', () => {
    for (const version of ['v1alpha1', 'v1alpha6', 'v1alpha8', 'v1alpha11'] as const) {
      const object = render(mpiProfile, version);
      expect(imagesOf(object)).toEqual(['mpi:1', 'busybox:1.36', 'mpi:2']);
      expect(storagesOf(object).map((s) => [s.path, s.name, s.kind, s.suffix, s.optional, s.usable])).toEqual([
        ['data.storages[0]', 'DW_PERSISTENT_shared', 'persistent', 'shared', true, true],
        ['data.storages[1]', 'DW_JOB_scratch', 'job', 'scratch', false, true],
      ]);
      // Ports go to the launcher's containers, never to init containers.
      expect(portContainersOf(object).map((c) => c.container.name)).toEqual(['launcher']);
    }
  });

  test('reads a single-pod profile as data.spec in both eras', () => {
    for (const version of ['v1alpha6', 'v1alpha11'] as const) {
      expect(podsOf(render(profileModel(), version)).map((p) => [p.path, p.role])).toEqual([['data.spec', 'single']]);
    }
  });

  test('passes over what is not an object, and a replica neither Launcher nor Worker is `other`', () => {
    const odd = {
      data: {
        storages: ['DW_JOB_x', { name: 7 }, { name: '' }],
        mpiSpec: { launcher: 'nope', mpiReplicaSpecs: { Extra: { template: { spec: { containers: [{ name: 'x' }, 'y'] } } }, Worker: {} } },
      },
    };
    expect(containersOf(odd).map((c) => [c.path, c.role])).toEqual([
      ['data.mpiSpec.mpiReplicaSpecs.Extra.template.spec.containers[0]', 'other'],
    ]);
    expect(storagesOf(odd).map((s) => [s.path, s.usable])).toEqual([['data.storages[2]', false]]);
    expect(containersOf({})).toEqual([]);
  });
});

describe('the NNF variables', () => {
  test('a container sees the storages, those set always, and with ports the port variables', () => {
    expect(nnfContainerVariables(['DW_JOB_scratch'], 2, ['mpi-launcher'])).toEqual([
      'DW_JOB_scratch',
      'NNF_CONTAINER_HOSTNAMES',
      'NNF_CONTAINER_DOMAIN',
      'NNF_CONTAINER_SUBDOMAIN',
      'NNF_NODE_NAME',
      'NNF_CONTAINER_PORTS',
      'NNF_CONTAINER_PORTS_mpi_launcher',
    ]);
    expect(nnfContainerVariables([], 0, ['app'])).not.toContain('NNF_CONTAINER_PORTS');
  });

  test('lists usable storages in #DW order, then the port variables, then the compute nodes’ launcher', () => {
    const storages = storagesOf(render(mpiProfile, 'v1alpha11'));
    expect(nnfVariables(storages, 2, true, ['launcher']).map((v) => [v.name, v.scope])).toEqual([
      ['DW_JOB_scratch', 'container'],
      ['DW_PERSISTENT_shared', 'container'],
      ['NNF_CONTAINER_HOSTNAMES', 'container'],
      ['NNF_CONTAINER_DOMAIN', 'container'],
      ['NNF_CONTAINER_SUBDOMAIN', 'container'],
      ['NNF_NODE_NAME', 'container'],
      ['NNF_CONTAINER_PORTS', 'both'],
      ['NNF_CONTAINER_PORTS_launcher', 'container'],
      ['NNF_CONTAINER_LAUNCHER', 'compute'],
    ]);
  });
});

describe('expandVariables', () => {
  test('replaces $(NAME) as Kubernetes does: $$ is a $, an unclosed $( and $x stay literal', () => {
    const upper = (name: string) => (name === 'A' ? 'a' : undefined);
    expect(expandVariables('$(A)/$(B) $$(A) $$ $x $( $', upper)).toBe('a/$(B) $(A) $ $x $( $');
    expect(expandVariables('$(A)_x', (name, after) => `<${name}|${after}>`)).toBe('<A|_>_x');
  });

  test('the references it reads are those variableReferences lists', () => {
    expect(variableReferences('$(A)$$(B)$(C$(D)) $((RANDOM % 2))')).toEqual(['A', 'C$(D', '(RANDOM % 2']);
  });
});

describe('image references', () => {
  test('the repository drops the tag and digest, not a registry port', () => {
    expect(['dean/app:1', 'dean/app@sha256:abc', 'localhost:5000/app:2@sha256:abc', 'localhost:5000/app'].map(repositoryOf)).toEqual([
      'dean/app',
      'dean/app',
      'localhost:5000/app',
      'localhost:5000/app',
    ]);
  });

  test('qualifies repositories and prefixes as Docker does, and matches whole path components', () => {
    expect(qualifiedRepository('busybox')).toBe('docker.io/library/busybox');
    expect(['dean', 'ghcr.io/nearnodeflash/', 'docker.io'].map(qualifiedPrefix)).toEqual([
      'docker.io/dean',
      'ghcr.io/nearnodeflash',
      'docker.io',
    ]);
    expect(isUnderPrefix('docker.io/dean/app', 'docker.io/dean')).toBe(true);
    expect(isUnderPrefix('docker.io/deanna/app', 'docker.io/dean')).toBe(false);
  });
});
