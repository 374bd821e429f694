import { propPathOf, renderedFrom } from '../../src/rendered';

describe('propPathOf', () => {
  test.each([
    // A non-MPI pod is the props themselves.
    ['data.spec.containers[0].command[1]', 'containers[0].command[1]'],
    ['data.spec.initContainers[1].env[2].value', 'initContainers[1].env[2].value'],
    ['data.spec.containers[0].image', 'containers[0].image'],
    ['data.spec.containers[0]', 'containers[0]'],
    ['data.spec.volumes[0].hostPath.path', 'volumes[0].hostPath.path'],
    ['data.spec.terminationGracePeriodSeconds', 'terminationGracePeriodSeconds'],
    ['data.spec', ''],
    // Fields beyond the props' are what podSpecEraFields carried.
    ['data.spec.containers[0].securityContext.privileged', 'containers[0].podSpecEraFields.securityContext.privileged'],
    ['data.spec.containers[0].ports[0].containerPort', 'containers[0].podSpecEraFields.ports[0].containerPort'],
    ['data.spec.hostNetwork', 'podSpecEraFields.hostNetwork'],
    ['data.spec.nodeSelector.kubernetes.io/hostname', 'podSpecEraFields.nodeSelector.kubernetes.io/hostname'],
    // Pull secrets are the profile's, whichever pod carries them.
    ['data.spec.imagePullSecrets[1].name', 'pullSecrets[1]'],
    ['data.mpiSpec.worker.imagePullSecrets[0]', 'pullSecrets[0]'],
    // Profile settings.
    ['data.userID', 'userID'],
    ['data.groupID', 'groupID'],
    ['data.numPorts', 'numPorts'],
    ['data.retryLimit', 'retryLimit'],
    ['data.preRunTimeoutSeconds', 'preRunTimeoutSeconds'],
    ['data.createContainer', 'createContainer'],
    ['data.storages[2].pvcMode', 'storages[2]'],
    ['data.storages', 'storages'],
    // MPI settings, in the era that has them.
    ['data.mpiSpec.slotsPerWorker', 'slotsPerWorker'],
    ['data.mpiSpec.copyOffload', 'copyOffload'],
    ['data.mpiSpec.runPolicy.backoffLimit', 'runPolicy.backoffLimit'],
    ['data.mpiSpec.sshAuthMountPath', 'sshAuthMountPath'],
    // Metadata from props, by the prop that set it.
    ['metadata.labels.team', 'labels.team'],
    ['metadata.annotations.example.com/owner', 'annotations.example.com/owner'],
    ['metadata.annotations.nnf-profiles/description', 'description'],
    ['metadata.annotations.nnf-profiles/policy-exception.privileged', 'policyExceptions'],
  ])('%s → %s', (rendered, prop) => {
    expect(propPathOf(rendered)).toBe(prop);
  });

  test('gives an MPI container one path in both eras', () => {
    const podSpecEra = 'data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec.containers[0].command[1]';
    const nnfPodSpecEra = 'data.mpiSpec.launcher.containers[0].command[1]';
    expect(propPathOf(podSpecEra)).toBe('launcher.containers[0].command[1]');
    expect(propPathOf(nnfPodSpecEra)).toBe('launcher.containers[0].command[1]');
    expect(propPathOf('data.mpiSpec.mpiReplicaSpecs.Worker.template.spec.containers[1].env[0].name')).toBe(
      'worker.containers[1].env[0].name',
    );
    expect(propPathOf('data.mpiSpec.worker.containers[1].env[0].name')).toBe('worker.containers[1].env[0].name');
  });

  test.each([
    'apiVersion',
    'metadata.name',
    'metadata.namespace',
    'metadata.annotations',
    'metadata.labels.app.kubernetes.io/managed-by',
    'metadata.annotations.nnf-profiles/source',
    'data.pinned',
    'data.mpiSpec.mpiReplicaSpecs.Launcher.replicas',
    'data.mpiSpec.mpiReplicaSpecs.Other.template.spec.containers[0]',
    'data.specification',
  ])('is undefined for %s, which no prop sets', (rendered) => {
    expect(propPathOf(rendered)).toBeUndefined();
  });
});

describe('renderedFrom', () => {
  const object = { metadata: { annotations: { 'nnf-profiles/source': 'profiles/app.ts' } } };

  test('is true for the profile source the object names', () => {
    expect(renderedFrom(object, 'profiles/app.ts')).toBe(true);
  });

  test('is false for the YAML file an object was read from, and for odd shapes', () => {
    expect(renderedFrom(object, 'dist/production/nnfcontainerprofile-app.yaml')).toBe(false);
    expect(renderedFrom({ metadata: {} }, 'profiles/app.ts')).toBe(false);
    expect(renderedFrom(null, 'profiles/app.ts')).toBe(false);
    expect(renderedFrom({ metadata: { annotations: 'x' } }, 'profiles/app.ts')).toBe(false);
  });
});
