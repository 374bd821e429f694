// Validates Kubernetes objects against the @kubernetes-models schema packages, which are ESM-only
// (jest here runs CommonJS; test/helpers/validate-models.ts spawns this script).
// stdin: a JSON array of objects. stdout: a JSON array of { kind, name, error } (error null when
// valid), in input order. Exits 0 whatever the verdicts; non-zero only when it cannot run.
// @kubernetes-models/external-secrets 2.0.0 ships an external-secrets.io/v1 model, so v1
// ExternalSecrets are checked against the real v1 schema (no rewrite to v1beta1 needed).
import { readFileSync } from 'node:fs';
import { Application, ApplicationSet, AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { ExternalSecret as ExternalSecretV1 } from '@kubernetes-models/external-secrets/external-secrets.io/v1';
import { ExternalSecret as ExternalSecretV1beta1 } from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1';
import { SealedSecret } from '@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1/SealedSecret';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { Secret } from 'kubernetes-models/v1';

/** `apiVersion kind` → model class. */
const MODELS = new Map(
  [
    Application,
    ApplicationSet,
    AppProject,
    ExternalSecretV1,
    ExternalSecretV1beta1,
    SealedSecret,
    Secret,
    Role,
    RoleBinding,
    ClusterRole,
    ClusterRoleBinding,
    CustomResourceDefinition,
  ].map((model) => [`${model.apiVersion} ${model.kind}`, model]),
);

function validate(object) {
  const model = MODELS.get(`${object?.apiVersion} ${object?.kind}`);
  if (!model) return `no schema model for ${object?.apiVersion} ${object?.kind}`;
  try {
    // The constructor fills in apiVersion and kind when absent; they are present and checked above.
    new model(object).validate();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
if (!Array.isArray(objects)) throw new Error('stdin must be a JSON array of objects');
const results = objects.map((object) => ({
  kind: object?.kind ?? null,
  name: object?.metadata?.name ?? null,
  error: validate(object),
}));
process.stdout.write(JSON.stringify(results));
