import { stringLiteral } from './code';
import type { PullSecretUse } from './import-profile';

/**
 * Pull secrets are declared in site.ts, once, with how they reach the clusters; profiles use the
 * handles it exports. Import never edits site.ts: it uses the handles site.ts already exports,
 * and prints the declaration to add for the others.
 */

/** What site.ts offers imported profiles. */
export interface SiteHandles {
  /** Pull secret name → the name site.ts exports its handle as. */
  readonly exported: Readonly<Record<string, string>>;
  /** The pull secrets the site's default export lists in `pullSecrets`. */
  readonly declared: ReadonlySet<string>;
}

function isPullSecretHandle(value: unknown): value is { name: string; source: { kind: string } } {
  const v = value as { name?: unknown; source?: { kind?: unknown } } | null;
  return typeof v?.name === 'string' && typeof v.source?.kind === 'string';
}

/** The handles among site.ts's exports (by shape: the module was loaded from its own bundle). */
export function siteHandles(exports: Readonly<Record<string, unknown>>): SiteHandles {
  const exported: Record<string, string> = {};
  for (const [key, value] of Object.entries(exports)) {
    if (key !== 'default' && isPullSecretHandle(value) && !Object.hasOwn(exported, value.name)) exported[value.name] = key;
  }
  const site = exports.default as { pullSecrets?: unknown } | undefined;
  const list = Array.isArray(site?.pullSecrets) ? site.pullSecrets : [];
  return { exported, declared: new Set(list.filter(isPullSecretHandle).map((s) => s.name)) };
}

/**
 * The declaration an administrator adds to site.ts for a secret no handle exists for. `existing`
 * is the faithful default for a secret taken from a running cluster: it is already there.
 */
export function pullSecretDeclaration(secret: PullSecretUse): string {
  return `export const ${secret.identifier} = PullSecret.existing(${stringLiteral(secret.name)});`;
}

/** What site.ts still needs for the imported profiles' pull secrets, as lines for the administrator. */
export function siteAdvice(uses: readonly PullSecretUse[], handles: SiteHandles | undefined): string[] {
  const unique = [...new Map(uses.map((u) => [u.name, u])).values()];
  const isExported = (u: PullSecretUse) => handles !== undefined && Object.hasOwn(handles.exported, u.name);
  const missing = unique.filter((u) => !isExported(u));
  const unlisted = unique.filter((u) => isExported(u) && !handles!.declared.has(u.name));
  const lines: string[] = [];
  if (missing.length > 0) {
    const one = missing.length === 1;
    const ids = missing.map((u) => u.identifier).join(', ');
    lines.push(
      `The imported profiles import ${ids} from site.ts, which does not export ${one ? 'it' : 'them'} yet. ` +
        `Declare ${one ? 'it' : 'them'} there (with PullSecret from './src'), e.g. as made out of band:`,
      '',
      ...missing.map((u) => `  ${pullSecretDeclaration(u)}`),
      '',
      `and list ${one ? 'it' : 'them'} in defineSite({ pullSecrets: [${ids}] }). 'nnf-profiles pull-secret NAME' then prints ` +
        `the commands that create ${one ? 'it' : 'them'}; PullSecret.externalSecret or PullSecret.sealedSecret ` +
        `provision ${one ? 'it' : 'them'} from this repository instead.`,
    );
  }
  if (unlisted.length > 0) {
    lines.push(
      `site.ts exports ${unlisted.map((u) => u.exportName ?? u.identifier).join(', ')} but does not list ${unlisted.length === 1 ? 'it' : 'them'} ` +
        `in defineSite({ pullSecrets: [...] }); add ${unlisted.length === 1 ? 'it' : 'them'} there.`,
    );
  }
  return lines;
}
