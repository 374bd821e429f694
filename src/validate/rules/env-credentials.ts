import { isObject } from '../../plain-data';
import { containersOf, listOf, variableReferences } from '../../rendered';
import type { Finding } from '../finding';
import type { ProfileRule } from './context';

/**
 * Credentials written into a container's environment: a profile is read by everyone who can read
 * the repository or list profiles in the cluster, so a password in `env[].value` is published.
 * The value is never repeated in a message.
 */

/** Variable names that say they hold a credential, matched without regard to case. */
const CREDENTIAL_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|API_?KEY|_KEY$/i;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
/** `user:password` as printable ASCII without blanks: what a registry's `auth` value encodes. */
const USER_PASSWORD = /^[\x21-\x39\x3b-\x7e]+:[\x21-\x7e]+$/;

export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/** Whether `value` is the base64 of `user:password` (padded or not), as in a docker config's `auth`. */
export function isBase64UserPassword(value: string): boolean {
  if (value.length < 4 || !BASE64.test(value)) return false;
  const decoded = Buffer.from(value, 'base64');
  // Only a canonical encoding: text that merely happens to use the base64 alphabet decodes to
  // bytes that do not encode back to it.
  if (decoded.toString('base64').replace(/=+$/, '') !== value.replace(/=+$/, '')) return false;
  return USER_PASSWORD.test(decoded.toString('latin1'));
}

/** A value that refers to other variables (`$(NAME)`) is filled in by Kubernetes, not a literal secret. */
const isReference = (value: string) => variableReferences(value).length > 0;

const FIX =
  "take it from a Secret instead: valueFrom: { secretKeyRef: { name: '<secret>', key: '<key>' } }, naming a Secret in the " +
  "container namespace that an administrator creates out of band or External Secrets builds from the site's secret store";

function envFindings(path: string, env: unknown): Finding[] {
  const findings: Finding[] = [];
  listOf(env).forEach((entry, i) => {
    if (!isObject(entry) || typeof entry.value !== 'string') return;
    const { value } = entry;
    const name = typeof entry.name === 'string' ? entry.name : '';
    if (value === '' || isReference(value)) return;
    const why = isBase64UserPassword(value)
      ? `the value of env var '${name}' is a base64-encoded user:password (a registry or HTTP basic credential)`
      : isCredentialName(name)
        ? `env var '${name}' has a literal value, and its name says it holds a credential`
        : undefined;
    if (why === undefined) return;
    findings.push({
      layer: 'policy',
      rule: 'secrets/env-credential',
      path: `${path}.env[${i}].value`,
      message: `${why}: everyone who can read this repository or the profiles in the cluster can read it; ${FIX}`,
    });
  });
  return findings;
}

/** Literal credentials in the env of every container and init container, in every pod of the profile. */
export const envCredentialRules: ProfileRule = (profile) =>
  containersOf(profile).flatMap(({ path, container }) => envFindings(path, container.env));
