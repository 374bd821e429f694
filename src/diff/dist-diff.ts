import { PROFILE_KIND } from '../model';
import { MAX_YAML_BYTES, parseDocuments } from '../yaml/read-documents';
import { type Change, deepEqual, diffValues } from './object-diff';
import { byCodePoint, isObject } from '../plain-data';
import { groupOf } from '../argocd/kinds';

/**
 * What a change does to dist/, for a reviewer: first every change to permissions (the Argo CD
 * project and applications, RBAC, admission policy), then per environment directory the profiles
 * and other objects added, removed and changed, with field-level detail. Pure: two trees of file
 * contents in, Markdown out, in a fixed order.
 */

/** Files below dist/: path relative to dist/ (`production/x.yaml`) → content. */
export type DistTree = ReadonlyMap<string, string>;

export interface ObjectId {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export type Status = 'added' | 'removed' | 'changed';

export interface ObjectDiff {
  readonly id: ObjectId;
  readonly status: Status;
  /** Field changes, for a changed object. */
  readonly changes: readonly Change[];
}

export interface FileDiff {
  /** Path relative to dist/. */
  readonly file: string;
  readonly status: Status;
}

export interface EnvironmentDiff {
  /** The directory below dist/; '' for files directly in it. */
  readonly name: string;
  /** `added` / `removed` when the whole directory is new or gone. */
  readonly status: Status;
  /** Objects that say what may be deployed where and who may do what: see `isPermissionObject`. */
  readonly permissions: readonly ObjectDiff[];
  /** Files compared as text that name a permission kind: they may change permissions unseen. */
  readonly permissionFiles: readonly FileDiff[];
  readonly profiles: readonly ObjectDiff[];
  readonly others: readonly ObjectDiff[];
  /** Files that are not Kubernetes YAML (or not readable as such), compared as text. */
  readonly files: readonly FileDiff[];
}

interface Parsed {
  readonly objects: Map<string, { id: ObjectId; object: unknown }>;
  readonly files: Map<string, string>;
}

/** API groups whose every kind grants or limits permissions: Argo CD's, RBAC, admission control. */
const PERMISSION_GROUPS = new Set(['argoproj.io', 'rbac.authorization.k8s.io', 'admissionregistration.k8s.io', 'kyverno.io']);
/** Their kinds, to recognize them by name too: erring towards listing a change there is harmless. */
const PERMISSION_KINDS = [
  'AppProject',
  'Application',
  'ApplicationSet',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ClusterPolicy',
  'Policy',
];

/**
 * Whether a change to the object changes permissions: what Argo CD may deploy and where (an
 * AppProject, the Applications in it), who may do what in a cluster (Roles, ClusterRoles and their
 * bindings), and what the cluster admits (admission policies and webhooks).
 */
export function isPermissionObject(object: unknown): boolean {
  if (!isObject(object)) return false;
  return (
    (typeof object.apiVersion === 'string' && PERMISSION_GROUPS.has(groupOf(object.apiVersion))) ||
    PERMISSION_KINDS.includes(String(object.kind))
  );
}

/** `kind: Role`, `"kind": "Role"`, in block or flow style. */
const PERMISSION_KIND_TEXT = new RegExp(`["']?\\bkind["']?\\s*:\\s*["']?(${PERMISSION_KINDS.join('|')})\\b`);

/** Text that names a permission kind, in a file that could not be read as objects. */
function mentionsPermissionKind(content: string | undefined): boolean {
  return content !== undefined && PERMISSION_KIND_TEXT.test(content);
}

function environmentOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

function keyOf(id: ObjectId): string {
  return `${id.kind}\u0000${id.namespace ?? ''}\u0000${id.name}`;
}

/** A Kustomization only lists the files beside it; their changes are what a reviewer reads. */
function isKustomization(object: Record<string, unknown>): boolean {
  return object.kind === 'Kustomization' && String(object.apiVersion).startsWith('kustomize.config.k8s.io/');
}

/** The objects of one environment's files; what is not YAML objects is kept as text. */
function parse(tree: DistTree, environment: string): Parsed {
  const objects = new Map<string, { id: ObjectId; object: unknown }>();
  const files = new Map<string, string>();
  for (const [file, content] of tree) {
    if (environmentOf(file) !== environment) continue;
    // Not YAML, too big or hostile (a pull request can put anything in dist/): compared as text.
    if (!/\.ya?ml$/.test(file) || content.length > MAX_YAML_BYTES) {
      files.set(file, content);
      continue;
    }
    let documents: unknown[];
    try {
      documents = parseDocuments(content, file);
    } catch {
      files.set(file, content);
      continue;
    }
    const found: Array<{ id: ObjectId; object: unknown }> = [];
    let readable = true;
    for (const document of documents) {
      const object = document as Record<string, unknown>;
      const metadata = object?.metadata as { name?: unknown; namespace?: unknown } | undefined;
      if (typeof object !== 'object' || typeof object.kind !== 'string' || typeof metadata?.name !== 'string') {
        if (!(typeof object === 'object' && isKustomization(object))) readable = false;
        continue;
      }
      if (isKustomization(object)) continue;
      const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
      found.push({ id: { kind: object.kind, name: metadata.name, ...(namespace ? { namespace } : {}) }, object });
    }
    const duplicate = found.some(({ id }) => objects.has(keyOf(id)));
    if (!readable || duplicate) {
      files.set(file, content);
      continue;
    }
    for (const entry of found) objects.set(keyOf(entry.id), entry);
  }
  return { objects, files };
}

function compareIds(a: ObjectId, b: ObjectId): number {
  return byCodePoint(a.kind, b.kind) || byCodePoint(a.namespace ?? '', b.namespace ?? '') || byCodePoint(a.name, b.name);
}

const STATUS_ORDER: Record<Status, number> = { added: 0, removed: 1, changed: 2 };

/**
 * A list of entries whose order means nothing (an AppProject's whitelists, destinations and
 * source repositories) as the entries that came and went, not as the indexes that shifted.
 */
function setChanges(before: readonly unknown[], after: readonly unknown[], path: string): Change[] {
  const keys = (list: readonly unknown[]) => new Map(list.map((item) => [JSON.stringify(item), item]));
  const b = keys(before);
  const a = keys(after);
  return [
    ...[...b].filter(([key]) => !a.has(key)).map(([, item]): Change => ({ kind: 'removed', path, before: item })),
    ...[...a].filter(([key]) => !b.has(key)).map(([, item]): Change => ({ kind: 'added', path, after: item })),
  ];
}

function permissionChanges(before: unknown, after: unknown): Change[] {
  const project = (o: unknown) => isObject(o) && o.kind === 'AppProject' && isObject(o.spec);
  if (!project(before) || !project(after)) return diffValues(before, after);
  const b = before as { spec: Record<string, unknown> };
  const a = after as { spec: Record<string, unknown> };
  const listKeys = Object.keys({ ...b.spec, ...a.spec }).filter((k) => Array.isArray(b.spec[k]) && Array.isArray(a.spec[k]));
  const strip = (o: { spec: Record<string, unknown> }) => ({
    ...o,
    spec: Object.fromEntries(Object.entries(o.spec).filter(([k]) => !listKeys.includes(k))),
  });
  const lists = listKeys.sort(byCodePoint).flatMap((k) => setChanges(b.spec[k] as unknown[], a.spec[k] as unknown[], `spec.${k}`));
  return [...lists, ...diffValues(strip(b), strip(a))];
}

/** What a new permission object grants, field by field: the reviewer needs it, not just its name. */
function addedPermissionChanges(object: unknown): Change[] {
  if (!isObject(object)) return [];
  const { apiVersion: _apiVersion, kind: _kind, metadata: _metadata, ...content } = object;
  const empty = Object.fromEntries(
    Object.entries(content)
      .map(([k, v]) => [k, isObject(v) ? {} : undefined])
      .filter(([, v]) => v !== undefined),
  );
  return diffValues(empty, content);
}

function diffEnvironment(base: DistTree, head: DistTree, name: string, status: Status): EnvironmentDiff {
  const before = parse(base, name);
  const after = parse(head, name);
  const objects: ObjectDiff[] = [];
  const permissions: ObjectDiff[] = [];
  for (const key of new Set([...before.objects.keys(), ...after.objects.keys()])) {
    const b = before.objects.get(key);
    const a = after.objects.get(key);
    const permission = isPermissionObject(a?.object) || isPermissionObject(b?.object);
    const into = permission ? permissions : objects;
    if (!b) into.push({ id: a!.id, status: 'added', changes: permission ? addedPermissionChanges(a!.object) : [] });
    else if (!a) into.push({ id: b.id, status: 'removed', changes: [] });
    else if (!deepEqual(b.object, a.object))
      into.push({ id: a.id, status: 'changed', changes: (permission ? permissionChanges : diffValues)(b.object, a.object) });
  }
  const byStatus = (x: ObjectDiff, y: ObjectDiff) => STATUS_ORDER[x.status] - STATUS_ORDER[y.status] || compareIds(x.id, y.id);
  objects.sort(byStatus);
  permissions.sort(byStatus);
  const files: FileDiff[] = [];
  const permissionFiles: FileDiff[] = [];
  for (const file of [...new Set([...before.files.keys(), ...after.files.keys()])].sort(byCodePoint)) {
    const b = before.files.get(file);
    const a = after.files.get(file);
    const into = mentionsPermissionKind(b) || mentionsPermissionKind(a) ? permissionFiles : files;
    if (b === undefined) into.push({ file, status: 'added' });
    else if (a === undefined) into.push({ file, status: 'removed' });
    else if (a !== b) into.push({ file, status: 'changed' });
  }
  files.sort((x, y) => STATUS_ORDER[x.status] - STATUS_ORDER[y.status]);
  permissionFiles.sort((x, y) => STATUS_ORDER[x.status] - STATUS_ORDER[y.status]);
  return {
    name,
    status,
    permissions,
    permissionFiles,
    profiles: objects.filter((o) => o.id.kind === PROFILE_KIND),
    others: objects.filter((o) => o.id.kind !== PROFILE_KIND),
    files,
  };
}

/** The differences of dist/ from `base` to `head`, per environment directory, in name order. */
export function diffDist(base: DistTree, head: DistTree): EnvironmentDiff[] {
  const environments = (tree: DistTree) => new Set([...tree.keys()].map(environmentOf));
  const inBase = environments(base);
  const inHead = environments(head);
  return [...new Set([...inBase, ...inHead])]
    .sort(byCodePoint)
    .map((name) => diffEnvironment(base, head, name, !inBase.has(name) ? 'added' : !inHead.has(name) ? 'removed' : 'changed'))
    .filter((e) => e.permissions.length + e.permissionFiles.length + e.profiles.length + e.others.length + e.files.length > 0);
}

// ---------------------------------------------------------------------------------------------
// Markdown

const MAX_VALUE_LENGTH = 200;

/** Inline code that survives backticks in the text. */
function code(raw: string): string {
  const text = raw.replace(/\r?\n|\r/g, '\\n');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function valueText(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const oneLine = text.replace(/\n/g, '\\n');
  return oneLine.length > MAX_VALUE_LENGTH ? `${oneLine.slice(0, MAX_VALUE_LENGTH - 1)}…` : oneLine;
}

function changeLine(change: Change): string {
  const where = code(change.path);
  switch (change.kind) {
    case 'added':
      return `${where}: added ${code(valueText(change.after))}`;
    case 'removed':
      return `${where}: removed (was ${code(valueText(change.before))})`;
    case 'changed':
      return `${where}: ${code(valueText(change.before))} → ${code(valueText(change.after))}`;
  }
}

function profileLabel(id: ObjectId): string {
  return code(id.name);
}

function objectLabel(id: ObjectId): string {
  return `${id.kind} ${code(id.namespace ? `${id.namespace}/${id.name}` : id.name)}`;
}

function section(title: string, items: readonly ObjectDiff[], label: (id: ObjectId) => string): string[] {
  if (items.length === 0) return [];
  return [`**${title}**`, '', ...items.flatMap((item) => [`- ${label(item.id)}`, ...item.changes.map((c) => `  - ${changeLine(c)}`)]), ''];
}

const STATUS_TITLE: Record<Status, string> = { added: 'added', removed: 'removed', changed: 'changed' };

const directoryOf = (env: EnvironmentDiff) => (env.name === '' ? 'dist/' : `dist/${env.name}/`);

/** Every change to permissions, in every directory, under one heading before anything else. */
function permissionsSection(environments: readonly EnvironmentDiff[]): string[] {
  const withChanges = environments.filter((e) => e.permissions.length + e.permissionFiles.length > 0);
  if (withChanges.length === 0) return [];
  const lines = [
    '### Permissions',
    '',
    'What Argo CD may deploy where, who may do what in the clusters, what the clusters admit: review these first.',
    '',
  ];
  for (const env of withChanges) {
    const where = code(directoryOf(env));
    for (const item of env.permissions) {
      lines.push(`- ${objectLabel(item.id)} ${STATUS_TITLE[item.status]} in ${where}`, ...item.changes.map((c) => `  - ${changeLine(c)}`));
    }
    for (const file of env.permissionFiles) {
      lines.push(
        `- ${code(file.file)} ${STATUS_TITLE[file.status]}: not readable as objects, and it names a permission kind; read it whole`,
      );
    }
  }
  return [...lines, ''];
}

/**
 * The reviewer's summary: changes to permissions first, then a heading per environment with the
 * added, removed and changed objects.
 */
export function diffMarkdown(environments: readonly EnvironmentDiff[], baseRef: string): string {
  const lines = [`## dist/ changes against ${code(baseRef)}`, ''];
  if (environments.length === 0) return [...lines, 'No changes to dist/.', ''].join('\n');
  lines.push(...permissionsSection(environments));
  for (const env of environments) {
    if (env.profiles.length + env.others.length + env.files.length === 0) continue;
    const title = directoryOf(env);
    lines.push(`### ${title}${env.status === 'changed' ? '' : ` (${env.status === 'added' ? 'new' : 'removed'})`}`, '');
    for (const status of ['added', 'removed', 'changed'] as const) {
      lines.push(
        ...section(
          `Profiles ${STATUS_TITLE[status]}`,
          env.profiles.filter((p) => p.status === status),
          profileLabel,
        ),
      );
    }
    for (const status of ['added', 'removed', 'changed'] as const) {
      lines.push(
        ...section(
          `Other objects ${STATUS_TITLE[status]}`,
          env.others.filter((p) => p.status === status),
          objectLabel,
        ),
      );
    }
    if (env.files.length > 0) {
      lines.push('**Other files**', '', ...env.files.map((f) => `- ${code(f.file)} ${f.status}`), '');
    }
  }
  return lines.join('\n');
}
