import type { PolicyException } from '../policy/settings';
import type { FieldsOf, PropsShape } from '../validate/props';
import type { ContainerProps, MpiContainerProps, PodProps } from './container';
import type { ContainerProfileProps } from './container-profile';
import type { MpiContainerProfileProps, RunPolicy } from './mpi-container-profile';
import type { ProfileProps } from './profile';

/**
 * The keys of the profile constructs' props, for the run-time check of what authors pass
 * (see validate/props). Kubernetes-typed values are left to the CRD schema check.
 */

/** MPI containers have the same keys; only `image` may be left out. */
const CONTAINER: PropsShape = {
  of: 'a container',
  noun: 'prop',
  fields: {
    name: 'string',
    image: 'string',
    command: 'array',
    args: 'array',
    env: 'any',
    envFrom: 'any',
    volumeMounts: 'any',
    workingDir: 'string',
    livenessProbe: 'any',
    readinessProbe: 'any',
    startupProbe: 'any',
    imagePullPolicy: 'string',
    restartPolicy: 'string',
    terminationMessagePath: 'string',
    terminationMessagePolicy: 'string',
    podSpecEraFields: 'any',
  } satisfies FieldsOf<ContainerProps> & FieldsOf<MpiContainerProps>,
};

const podFields = (container: PropsShape) =>
  ({
    containers: { arrayOf: container },
    initContainers: { arrayOf: container },
    volumes: 'any',
    terminationGracePeriodSeconds: 'number',
    shareProcessNamespace: 'boolean',
    automountServiceAccountToken: 'boolean',
    podSpecEraFields: 'any',
  }) satisfies FieldsOf<PodProps<unknown>>;

const POLICY_EXCEPTION: PropsShape = {
  of: 'a policyExceptions entry',
  noun: 'prop',
  fields: { rule: 'string', reason: 'string' } satisfies FieldsOf<PolicyException>,
};

const PROFILE_FIELDS = {
  description: 'string',
  storages: 'array',
  retryLimit: 'number',
  pullSecrets: 'array',
  labels: 'any',
  annotations: 'any',
  policyExceptions: { arrayOf: POLICY_EXCEPTION },
  preRunTimeoutSeconds: 'number',
  postRunTimeoutSeconds: 'number',
  userID: 'number',
  groupID: 'number',
  numPorts: 'number',
  createContainer: 'boolean',
} satisfies FieldsOf<ProfileProps>;

export const CONTAINER_PROFILE_PROPS: PropsShape = {
  of: 'the profile',
  noun: 'prop',
  fields: { ...PROFILE_FIELDS, ...podFields(CONTAINER) } satisfies FieldsOf<ContainerProfileProps>,
};

const MPI_POD: PropsShape = { of: 'launcher or worker', noun: 'prop', fields: podFields(CONTAINER) };

const RUN_POLICY: PropsShape = {
  of: 'runPolicy',
  noun: 'prop',
  fields: {
    cleanPodPolicy: 'string',
    suspend: 'boolean',
    backoffLimit: 'number',
    activeDeadlineSeconds: 'number',
    ttlSecondsAfterFinished: 'number',
    schedulingPolicy: 'any',
  } satisfies FieldsOf<RunPolicy>,
};

export const MPI_CONTAINER_PROFILE_PROPS: PropsShape = {
  of: 'the profile',
  noun: 'prop',
  fields: {
    ...PROFILE_FIELDS,
    image: 'string',
    launcher: MPI_POD,
    worker: MPI_POD,
    slotsPerWorker: 'number',
    copyOffload: 'boolean',
    runPolicy: RUN_POLICY,
    sshAuthMountPath: 'string',
    mpiImplementation: 'string',
  } satisfies FieldsOf<MpiContainerProfileProps>,
};
