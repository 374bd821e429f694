// Validates ExternalSecret and SealedSecret objects against their projects' schemas, as packaged by
// kubernetes-models. A separate Node process because @kubernetes-models/external-secrets is ESM-only
// and jest runs CommonJS. Reads a JSON array of objects on stdin and prints a JSON array of
// { kind, name, valid, errors } in the same order.
//
// ExternalSecret: the installed @kubernetes-models/external-secrets 2.0.0 models external-secrets.io/v1
// (the version ESO serves), so objects are validated against that. If a release without the v1
// model is installed, the object is validated against v1beta1 with its apiVersion rewritten
// v1 → v1beta1: the v1 spec has the v1beta1 shape (ESO promoted it unchanged).
// SealedSecret: @kubernetes-models/sealed-secrets 2.0.2 (bitnami.com/v1alpha1); 6.0.0's validate()
// cannot resolve ObjectMeta with the kubernetes-models it pins.
import { readFileSync } from 'node:fs';
import { SealedSecret } from '@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1/SealedSecret';

let ExternalSecretV1;
try {
  ({ ExternalSecret: ExternalSecretV1 } = await import('@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret'));
} catch {
  ExternalSecretV1 = undefined;
}
const { ExternalSecret: ExternalSecretV1beta1 } =
  await import('@kubernetes-models/external-secrets/external-secrets.io/v1beta1/ExternalSecret');

function validateExternalSecret(object) {
  if (object.apiVersion !== 'external-secrets.io/v1') {
    throw new Error(`apiVersion must be external-secrets.io/v1 (the version ESO serves), not ${object.apiVersion}`);
  }
  if (ExternalSecretV1) {
    new ExternalSecretV1(object).validate();
  } else {
    new ExternalSecretV1beta1({ ...object, apiVersion: 'external-secrets.io/v1beta1' }).validate();
  }
}

function validateSealedSecret(object) {
  if (object.apiVersion !== 'bitnami.com/v1alpha1') throw new Error(`apiVersion must be bitnami.com/v1alpha1, not ${object.apiVersion}`);
  new SealedSecret(object).validate();
}

const validators = { ExternalSecret: validateExternalSecret, SealedSecret: validateSealedSecret };

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = objects.map((object) => {
  const kind = object?.kind;
  const name = object?.metadata?.name;
  const validate = validators[kind];
  if (!validate) return { kind, name, valid: false, errors: [`no validator for kind ${kind}`] };
  try {
    validate(object);
    return { kind, name, valid: true, errors: [] };
  } catch (error) {
    const details = Array.isArray(error?.errors) ? error.errors.map((e) => `${e.instancePath || '/'} ${e.message}`) : [];
    return { kind, name, valid: false, errors: details.length > 0 ? details : [String(error?.message ?? error)] };
  }
});
process.stdout.write(`${JSON.stringify(results)}\n`);
