import { type ProfileObject, pullSecretEntriesOf } from '../../rendered';
import type { Finding, LocatedFinding } from '../finding';

/** The pull secrets a profile's pods name, with where. */
export function pullSecretReferences(profile: ProfileObject): Array<{ name: string; path: string }> {
  return pullSecretEntriesOf(profile).map(({ entry, path }) => ({ name: String((entry as { name?: unknown })?.name), path }));
}

/** A reference to a pull secret site.ts does not declare: no cluster would have it. */
export function undeclaredPullSecrets(
  { file, object }: { file: string; object: ProfileObject },
  references: ReadonlyArray<{ name: string; path: string }>,
  declared: ReadonlySet<string>,
): LocatedFinding[] {
  return references
    .filter((ref) => !declared.has(ref.name))
    .map((ref): LocatedFinding => ({
      layer: 'job',
      rule: 'secrets/undeclared',
      path: ref.path,
      message: `pull secret '${ref.name}' is not declared in site.ts, so no cluster gets it and the image pull fails; declare it in pullSecrets`,
      file,
      profile: String(object.metadata?.name),
    }));
}

/** A declared pull secret no profile uses: provisioned for nothing. */
export function unusedPullSecret(name: string): Finding {
  return {
    layer: 'lint',
    rule: 'secrets/unused',
    path: 'pullSecrets',
    message: `pull secret '${name}' is declared but no profile uses it; remove it or reference it from a profile`,
  };
}
