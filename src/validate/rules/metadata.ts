import type { Finding } from '../finding';
import type { ProfileRule } from './context';
import { isObject } from '../../plain-data';

/**
 * Kubernetes object metadata syntax (apimachinery validation): what the API server refuses in
 * metadata.name, label keys and values, and annotations.
 */

const DNS_LABEL_PART = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS_SUBDOMAIN = new RegExp(`^${DNS_LABEL_PART}(\\.${DNS_LABEL_PART})*$`);
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Kubernetes' limit on all annotation keys and values of one object together, in bytes. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && DNS_SUBDOMAIN.test(value);
}

/** What is wrong with a qualified name (`[prefix/]name`), as a phrase; undefined when valid. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'has more than one /';
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === '') return 'has an empty prefix before /';
    if (!isDnsSubdomain(prefix)) return 'has a prefix that is not a lower-case DNS subdomain of at most 253 characters';
  }
  if (name === '') return 'has an empty name';
  if (name.length > 63) return 'has a name part longer than 63 characters';
  if (!QUALIFIED_NAME.test(name))
    return 'has a name part that is not letters, digits, -, _ and . beginning and ending with a letter or digit';
  return undefined;
}

/** `metadata.labels["app.kubernetes.io/name"]`: keys hold dots and slashes, so they are quoted. */
const keyPath = (field: string, key: string) => `metadata.${field}[${JSON.stringify(key)}]`;

function nameFindings(name: unknown): Finding[] {
  if (typeof name === 'string' && isDnsSubdomain(name)) return [];
  const what =
    typeof name !== 'string' || name === ''
      ? 'metadata.name is missing'
      : name.length > 253
        ? 'metadata.name is longer than 253 characters'
        : `metadata.name '${name}' is not a DNS subdomain`;
  return [
    {
      layer: 'cluster',
      rule: 'metadata/name',
      path: 'metadata.name',
      message: `${what}, and the API server refuses such a name; use lower-case letters, digits, - and . (starting and ending with a letter or digit)`,
    },
  ];
}

function labelFindings(labels: unknown): Finding[] {
  if (!isObject(labels)) return [];
  const findings: Finding[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const path = keyPath('labels', key);
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem !== undefined) {
      findings.push({
        layer: 'cluster',
        rule: 'metadata/label-key',
        path,
        message: `label key '${key}' ${keyProblem}, and the API server refuses it; write keys as [dns-subdomain/]name with a name of at most 63 characters`,
      });
    }
    // The value is not echoed: labels may carry anything.
    const valueProblem =
      typeof value !== 'string'
        ? 'is not a string'
        : value.length > 63
          ? 'is longer than 63 characters'
          : !LABEL_VALUE.test(value)
            ? 'is not empty or letters, digits, -, _ and . beginning and ending with a letter or digit'
            : undefined;
    if (valueProblem !== undefined) {
      findings.push({
        layer: 'cluster',
        rule: 'metadata/label-value',
        path,
        message: `the value of label '${key}' ${valueProblem}, and the API server refuses it; shorten or change the value (free text belongs in an annotation)`,
      });
    }
  }
  return findings;
}

function annotationFindings(annotations: unknown): Finding[] {
  if (!isObject(annotations)) return [];
  const findings: Finding[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    size += Buffer.byteLength(key) + Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value ?? ''));
    // The API server checks annotation keys lower-cased, so an upper-case prefix is accepted.
    const problem = qualifiedNameProblem(key.toLowerCase());
    if (problem !== undefined) {
      findings.push({
        layer: 'cluster',
        rule: 'metadata/annotation-key',
        path: keyPath('annotations', key),
        message: `annotation key '${key}' ${problem}, and the API server refuses it; write keys as [dns-subdomain/]name with a name of at most 63 characters`,
      });
    }
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    findings.push({
      layer: 'cluster',
      rule: 'metadata/annotation-size',
      path: 'metadata.annotations',
      message: `the annotations take ${size} bytes, more than the API server's limit of ${TOTAL_ANNOTATION_SIZE_LIMIT} (256 KiB) for all annotations of one object; move large content out of the annotations`,
    });
  }
  return findings;
}

/** Every metadata syntax check over one profile. */
export const metadataRules: ProfileRule = (profile) => {
  const metadata = isObject(profile?.metadata) ? profile.metadata : {};
  return [...nameFindings(metadata.name), ...labelFindings(metadata.labels), ...annotationFindings(metadata.annotations)];
};
