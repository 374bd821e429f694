import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export interface ModelValidation {
  readonly kind: string;
  readonly name: string;
  /** The schema's complaint, or null when the object is valid. */
  readonly error: string | null;
}

// Not `validate-models.mjs`: jest resolves `./validate-models` to a .mjs before the .ts.
const SCRIPT = path.join(__dirname, 'validate-models-cli.mjs');

/**
 * Validates objects with the @kubernetes-models classes (Argo CD Application / AppProject /
 * ApplicationSet, ExternalSecret v1 and v1beta1, SealedSecret; core Secret, RBAC roles and
 * bindings, CustomResourceDefinition). Those packages are ESM-only, so this runs them in a child
 * Node process. An object of any other kind (NnfContainerProfile included) gets an error.
 */
export function validateModels(objects: readonly unknown[]): ModelValidation[] {
  const run = spawnSync(process.execPath, [SCRIPT], { input: JSON.stringify(objects), encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`validate-models-cli.mjs exited ${run.status}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as ModelValidation[];
}
