import { STORAGE_PREFIX } from '../../model';
import { isObject } from '../../plain-data';
import { dataOf, listOf, nonEmptyString } from '../../rendered';
import type { Finding } from '../finding';
import type { ProfileObject, ProfileRule, RuleContext } from './context';

/**
 * What the NNF operator's admission webhook refuses on create and update of an
 * NnfContainerProfile, checked at synth. The object has the CRD defaults applied, but every rule
 * also reads a missing field as its CRD default (retryLimit 6, timeouts 300, pinned false), so
 * it gives the same answer on an undefaulted object.
 */

/** The webhook's test for a copy offload container name: `(?i)\bcopy[- ]?offload\b` (ASCII `\b`, as in Go). */
export const COPY_OFFLOAD_NAME = /\bcopy[- ]?offload\b/i;

/** CRD defaults the webhook sees already applied. */
const DEFAULT_RETRY_LIMIT = 6;
const DEFAULT_TIMEOUT_SECONDS = 300;

const error = (rule: string, path: string, message: string): Finding => ({ layer: 'cluster', rule, path, message });

/** Go's nil: absent or null. */
const present = (value: unknown): boolean => value !== undefined && value !== null;

function containersOf(pod: unknown): unknown[] {
  return isObject(pod) ? listOf(pod.containers) : [];
}

function nameOf(container: unknown): string | undefined {
  return isObject(container) ? nonEmptyString(container.name) : undefined;
}

function namespaceRule(profile: ProfileObject, context: RuleContext): Finding[] {
  if (dataOf(profile).pinned === true) return [];
  const namespace = profile.metadata?.namespace;
  const expected = context.profileNamespace;
  if (namespace === expected) return [];
  const what = typeof namespace === 'string' && namespace !== '' ? `is '${namespace}'` : 'is not set';
  return [
    error(
      'nnf-admission/namespace',
      'metadata.namespace',
      `metadata.namespace ${what}, but the NNF operator accepts a profile meant for users only in its profile namespace '${expected}'; set metadata.namespace: ${expected}`,
    ),
  ];
}

function specOrMpiSpecRule(data: Record<string, unknown>): Finding[] {
  const hasSpec = present(data.spec);
  const hasMpi = present(data.mpiSpec);
  if (hasSpec && hasMpi) {
    return [
      error(
        'nnf-admission/spec-or-mpispec',
        'data',
        'data has both spec and mpiSpec, and the NNF webhook accepts exactly one of them; keep spec for a single-container job or mpiSpec for an MPI job',
      ),
    ];
  }
  if (!hasSpec && !hasMpi) {
    return [
      error(
        'nnf-admission/spec-or-mpispec',
        'data',
        'data has neither spec nor mpiSpec, and the NNF webhook requires exactly one of them; add spec (non-MPI) or mpiSpec (MPI)',
      ),
    ];
  }
  return [];
}

function containersRule(data: Record<string, unknown>, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  if (present(data.spec) && containersOf(data.spec).length === 0) {
    findings.push(
      error(
        'nnf-admission/containers',
        'data.spec.containers',
        'data.spec has no container, and the NNF webhook requires at least one; add a container to data.spec.containers',
      ),
    );
  }
  // PodSpec era launcher/worker pods are checked by nnf-admission/mpi-replicas. In the NnfPodSpec
  // era the webhook does not look: the schema's minItems refuses a launcher or worker sent
  // without a container, but one converted from a PodSpec-era object is stored as it is.
  const mpi = data.mpiSpec;
  if (context.era === 'NnfPodSpec' && isObject(mpi)) {
    for (const role of ['launcher', 'worker'] as const) {
      if (containersOf(mpi[role]).length === 0) {
        findings.push({
          layer: 'job',
          rule: 'job/mpi-containers',
          path: `data.mpiSpec.${role}.containers`,
          message: `data.mpiSpec.${role} has no container, and the MPIJob NNF creates for a job needs at least one in both the launcher and the worker; add one to data.mpiSpec.${role}.containers`,
        });
      }
    }
  }
  return findings;
}

function mpiReplicasRule(data: Record<string, unknown>): Finding[] {
  const mpi = data.mpiSpec;
  if (!isObject(mpi)) return [];
  const replicas = isObject(mpi.mpiReplicaSpecs) ? mpi.mpiReplicaSpecs : {};
  const findings: Finding[] = [];
  for (const role of ['Launcher', 'Worker'] as const) {
    const base = `data.mpiSpec.mpiReplicaSpecs.${role}`;
    const replica = replicas[role];
    if (!isObject(replica)) {
      findings.push(
        error(
          'nnf-admission/mpi-replicas',
          base,
          `mpiSpec.mpiReplicaSpecs has no ${role}, and the NNF webhook requires both Launcher and Worker; add mpiReplicaSpecs.${role}.template.spec with a container`,
        ),
      );
      continue;
    }
    const template = isObject(replica.template) ? replica.template : {};
    if (containersOf(template.spec).length === 0) {
      findings.push(
        error(
          'nnf-admission/mpi-replicas',
          `${base}.template.spec.containers`,
          `mpiReplicaSpecs.${role} has no container, and the NNF webhook requires at least one in both Launcher and Worker; add one to ${base}.template.spec.containers`,
        ),
      );
    }
  }
  return findings;
}

/** A timeout as the webhook sees it: the value, or the CRD default when the field is missing. */
function timeoutOf(data: Record<string, unknown>, field: string): { value: number; text: string } {
  const raw = data[field];
  if (typeof raw === 'number') {
    return { value: raw, text: raw === DEFAULT_TIMEOUT_SECONDS ? `${field} is 300 (also the default when omitted)` : `${field} is ${raw}` };
  }
  return { value: DEFAULT_TIMEOUT_SECONDS, text: `${field} is 300 (the default, as it is omitted)` };
}

function timeoutDeadlineRule(data: Record<string, unknown>): Finding[] {
  const deadlines: string[] = [];
  if (isObject(data.spec) && present(data.spec.activeDeadlineSeconds)) deadlines.push('data.spec.activeDeadlineSeconds');
  if (isObject(data.mpiSpec) && isObject(data.mpiSpec.runPolicy) && present(data.mpiSpec.runPolicy.activeDeadlineSeconds)) {
    deadlines.push('data.mpiSpec.runPolicy.activeDeadlineSeconds');
  }
  const findings: Finding[] = [];
  for (const path of deadlines) {
    for (const field of ['preRunTimeoutSeconds', 'postRunTimeoutSeconds']) {
      const timeout = timeoutOf(data, field);
      if (timeout.value > 0) {
        findings.push(
          error(
            'nnf-admission/timeout-deadline',
            path,
            `${timeout.text}, and the NNF webhook refuses a timeout above 0 together with ${path.slice('data.'.length)} because NNF sets the job's deadline itself when the timeout fires; set ${field}: 0 or drop activeDeadlineSeconds`,
          ),
        );
      }
    }
  }
  return findings;
}

function backoffLimitRule(data: Record<string, unknown>): Finding[] {
  const mpi = data.mpiSpec;
  if (!isObject(mpi) || !isObject(mpi.runPolicy) || !present(mpi.runPolicy.backoffLimit)) return [];
  const retryLimit = typeof data.retryLimit === 'number' ? data.retryLimit : DEFAULT_RETRY_LIMIT;
  if (retryLimit <= 0) return [];
  const text =
    typeof data.retryLimit === 'number'
      ? `retryLimit is ${retryLimit}`
      : `retryLimit is ${DEFAULT_RETRY_LIMIT} (the default, as it is omitted)`;
  return [
    error(
      'nnf-admission/backoff-limit',
      'data.mpiSpec.runPolicy.backoffLimit',
      `mpiSpec.runPolicy.backoffLimit is set while ${text}, and the NNF webhook refuses both because NNF gives the MPIJob retryLimit as its backoff limit; remove runPolicy.backoffLimit and set retryLimit instead`,
    ),
  ];
}

function copyOffloadRule(data: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  containersOf(data.spec).forEach((container, i) => {
    const name = nameOf(container);
    if (name !== undefined && COPY_OFFLOAD_NAME.test(name)) {
      findings.push(
        error(
          'nnf-admission/copy-offload',
          `data.spec.containers[${i}].name`,
          `container name '${name}' marks a copy offload container, and the NNF webhook refuses one outside mpiSpec because copy offload runs as an MPI launcher; move it to mpiSpec.launcher with copyOffload: true, or rename it`,
        ),
      );
    }
  });
  const mpi = data.mpiSpec;
  if (!isObject(mpi)) return findings;
  const copyOffload = mpi.copyOffload === true;
  containersOf(mpi.launcher).forEach((container, i) => {
    const name = nameOf(container);
    if (name === undefined) return;
    const path = `data.mpiSpec.launcher.containers[${i}].name`;
    if (COPY_OFFLOAD_NAME.test(name) && !copyOffload) {
      findings.push(
        error(
          'nnf-admission/copy-offload',
          path,
          `launcher container name '${name}' marks a copy offload container, and the NNF webhook then requires mpiSpec.copyOffload: true (it gives the launcher the copy offload service account); set copyOffload: true or rename the container`,
        ),
      );
    } else if (!COPY_OFFLOAD_NAME.test(name) && copyOffload) {
      findings.push(
        error(
          'nnf-admission/copy-offload',
          path,
          `mpiSpec.copyOffload is true but launcher container name '${name}' does not match copy[- ]offload, and the NNF webhook requires every launcher container of a copy offload profile to be so named; rename it (e.g. '${name}-copy-offload') or set copyOffload: false`,
        ),
      );
    }
  });
  return findings;
}

function pvcModeRule(data: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  listOf(data.storages).forEach((storage, i) => {
    if (!isObject(storage)) return;
    const pvcMode = storage.pvcMode;
    if (!present(pvcMode) || pvcMode === '') return;
    const name = typeof storage.name === 'string' ? storage.name : '';
    if (name.startsWith(STORAGE_PREFIX.global)) return;
    findings.push(
      error(
        'nnf-admission/pvc-mode',
        `data.storages[${i}].pvcMode`,
        `storage '${name}' has a pvcMode, and the NNF webhook allows pvcMode only on global Lustre storages (names starting DW_GLOBAL_) because only those are mounted through a claim; remove pvcMode`,
      ),
    );
  });
  return findings;
}

/** Every NNF admission webhook check, for the era of `context.version`. */
export const admissionRules: ProfileRule = (profile, context) => {
  const data = isObject(profile?.data) ? profile.data : undefined;
  const findings = namespaceRule(profile ?? {}, context);
  if (data === undefined) return findings; // the schema reports a missing data
  findings.push(...specOrMpiSpecRule(data), ...containersRule(data, context));
  if (context.era === 'PodSpec') {
    findings.push(...mpiReplicasRule(data), ...timeoutDeadlineRule(data), ...backoffLimitRule(data));
  } else {
    findings.push(...copyOffloadRule(data));
  }
  findings.push(...pvcModeRule(data));
  return findings;
};
