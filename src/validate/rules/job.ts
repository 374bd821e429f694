import { containersOf, dataOf, DW_STORAGE_NAME, storagesOf } from '../../rendered';
import type { PortRange } from '../../site/settings';
import type { Finding } from '../finding';
import type { ProfileObject, ProfileRule, RuleContext } from './context';

/**
 * What the cluster stores but makes a job fail: Kubernetes and the NNF webhook accept these
 * profiles, and the failure comes only when a job selects one.
 */

const ACCEPTED_BUT = 'the cluster accepts the profile, but a job selecting it fails';

/** Kubernetes' limit on a DNS label, which container names are. */
const CONTAINER_NAME_MAX = 63;

function containerNameLengthFindings(profile: ProfileObject): Finding[] {
  const findings: Finding[] = [];
  for (const { path, container } of containersOf(profile)) {
    const name = container.name;
    if (typeof name !== 'string' || name.length <= CONTAINER_NAME_MAX) continue;
    findings.push({
      layer: 'job',
      rule: 'job/container-name-length',
      path: `${path}.name`,
      message: `container name '${name}' is ${name.length} characters long; ${ACCEPTED_BUT}: container names are DNS labels of at most ${CONTAINER_NAME_MAX} characters, which the CRD does not check, so Kubernetes refuses the pod NNF creates; shorten the name`,
    });
  }
  return findings;
}

/** How many ports non-overlapping inclusive ranges hold together. */
function portCount(ranges: readonly PortRange[]): number {
  return ranges.reduce((total, { start, end }) => total + end - start + 1, 0);
}

function portFindings(data: Record<string, unknown>, context: RuleContext): Finding[] {
  const numPorts = data.numPorts;
  if (typeof numPorts !== 'number' || !Number.isInteger(numPorts)) return []; // the schema's to report
  if (numPorts < 0) {
    return [
      {
        layer: 'job',
        rule: 'job/num-ports',
        path: 'data.numPorts',
        message: `numPorts is ${numPorts}; ${ACCEPTED_BUT} wherever it needs its ports: the CRD sets no minimum, but NNF reserves ports and sets NNF_CONTAINER_PORTS… only when numPorts is above 0, so the containers get none; use 0 for no ports or a positive count`,
      },
    ];
  }
  if (context.ports === undefined) return [];
  const available = portCount(context.ports);
  if (numPorts <= available) return [];
  const ranges = context.ports.map(({ start, end }) => (start === end ? `${start}` : `${start}-${end}`)).join(', ');
  return [
    {
      layer: 'job',
      rule: 'job/port-range',
      path: 'data.numPorts',
      message: `numPorts is ${numPorts}, more than the ${available} ports the environment's ports setting lists (${ranges}); ${ACCEPTED_BUT}: NNF cannot allocate that many ports from the cluster's DWS SystemConfiguration; lower numPorts or widen the environment's ports`,
    },
  ];
}

function storageFindings(profile: ProfileObject): Finding[] {
  // The schema requires a string name.
  return storagesOf(profile)
    .filter((storage) => !storage.usable)
    .map(({ name, optional, path }): Finding => {
      const pattern = `storage name '${name}' does not match ${DW_STORAGE_NAME.source}, so no #DW container directive can supply it`;
      const fix =
        'use one of the three prefixes followed by lower-case letters, digits and _ (no -, as the name becomes an environment variable)';
      return optional
        ? {
            layer: 'lint',
            rule: 'job/storage-unsuppliable',
            path: `${path}.name`,
            message: `${pattern}; the storage is optional, so a job selecting the profile runs, but never with this storage; ${fix}, or remove it`,
          }
        : {
            layer: 'job',
            rule: 'job/storage-unsuppliable',
            path: `${path}.name`,
            message: `${pattern}; ${ACCEPTED_BUT}: NNF requires every storage that is not optional to be supplied; ${fix}`,
          };
    });
}

/** Every check of what makes a job selecting the profile fail. */
export const jobRules: ProfileRule = (profile, context) => [
  ...containerNameLengthFindings(profile),
  ...portFindings(dataOf(profile), context),
  ...storageFindings(profile),
];
