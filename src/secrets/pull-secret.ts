/**
 * Registry credentials for pulling profile images: a `kubernetes.io/dockerconfigjson` secret in
 * the container namespace. Declared once in `site.ts`, referenced from profiles by these handles;
 * how the secret reaches each cluster is the handle's source. Never a token in Git.
 */

import { factoryError, type FieldsOf, type PropProblem, propProblems, propProblemText, type PropsShape } from '../validate/props';

/** A SecretStore or ClusterSecretStore of the External Secrets Operator. */
export interface SecretStoreRef {
  /** @default 'ClusterSecretStore' */
  readonly kind?: 'SecretStore' | 'ClusterSecretStore';
  readonly name: string;
}

export interface ExternalSecretProps {
  /** The store the credentials are read from. */
  readonly store: SecretStoreRef;
  /** The registry the credentials are for, as `docker login` names it. @example 'https://index.docker.io/v1/' */
  readonly server: string;
  /** The key in the store that holds the registry user and token (and email, if `properties.email` is set). */
  readonly remoteKey: string;
  /**
   * The properties of that key. `email` is fetched, and put into the `.dockerconfigjson`, only
   * when given: most registries need none, and a key without the property fails the ExternalSecret.
   * @default { username: 'username', password: 'token' } (no email)
   */
  readonly properties?: { readonly username?: string; readonly password?: string; readonly email?: string };
  /** How often ESO refreshes the secret. @default '1h' */
  readonly refreshInterval?: string;
  /**
   * `remoteRef.nullBytePolicy` written on every value. External Secrets 2.3.0 added this field and
   * the API server defaults it to 'Ignore' there, so Argo CD shows an ExternalSecret without it
   * OutOfSync forever (external-secrets/external-secrets#6398): set it for such clusters. Releases
   * before 2.3.0 do not know the field, and strict field validation refuses it.
   * @default - not written
   */
  readonly nullBytePolicy?: 'Ignore' | 'Fail';
}

export interface SealedSecretProps {
  /**
   * The `.dockerconfigjson` value sealed with each cluster's own `kubeseal` (strict scope, so it
   * is bound to this secret's name and the container namespace), by environment name.
   */
  readonly encryptedDockerConfigJson: Readonly<Record<string, string>>;
  /** For the `kubectl create secret` command that makes the value to seal. @default 'https://index.docker.io/v1/' */
  readonly server?: string;
}

export interface ExistingSecretProps {
  /** For the `kubectl create secret` command `nnf-profiles pull-secret` prints. @default 'https://index.docker.io/v1/' */
  readonly server?: string;
}

export type PullSecretSource =
  | ({ readonly kind: 'existing' } & ExistingSecretProps)
  | ({ readonly kind: 'externalSecret' } & ExternalSecretProps)
  | ({ readonly kind: 'sealedSecret' } & SealedSecretProps);

const SECRET_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

const EXTERNAL_SECRET_PROPS: PropsShape = {
  of: 'the pull secret',
  noun: 'prop',
  fields: {
    store: { of: 'store', noun: 'prop', fields: { kind: 'string', name: 'string' } satisfies FieldsOf<SecretStoreRef> },
    server: 'string',
    remoteKey: 'string',
    properties: {
      of: 'properties',
      noun: 'prop',
      fields: { username: 'string', password: 'string', email: 'string' } satisfies FieldsOf<
        NonNullable<ExternalSecretProps['properties']>
      >,
    },
    refreshInterval: 'string',
    nullBytePolicy: 'string',
  } satisfies FieldsOf<ExternalSecretProps>,
};

/** `encryptedDockerConfigJson` is keyed by environment name: its keys are not props. */
const SEALED_SECRET_PROPS: PropsShape = {
  of: 'the pull secret',
  noun: 'prop',
  fields: { encryptedDockerConfigJson: 'any', server: 'string' } satisfies FieldsOf<SealedSecretProps>,
};

const EXISTING_SECRET_PROPS: PropsShape = {
  of: 'the pull secret',
  noun: 'prop',
  fields: { server: 'string' } satisfies FieldsOf<ExistingSecretProps>,
};

export class PullSecret {
  /** A secret made outside this repository; nothing is emitted for it. */
  static existing(name: string, props: ExistingSecretProps = {}): PullSecret {
    return new PullSecret(name, { ...props, kind: 'existing' }, propProblems(props, EXISTING_SECRET_PROPS));
  }

  /** An External Secrets Operator `ExternalSecret` that builds the secret from a secret store. */
  static externalSecret(name: string, props: ExternalSecretProps): PullSecret {
    return new PullSecret(name, { ...props, kind: 'externalSecret' }, propProblems(props, EXTERNAL_SECRET_PROPS));
  }

  /** A Bitnami `SealedSecret` holding ciphertext sealed for each environment's cluster. */
  static sealedSecret(name: string, props: SealedSecretProps): PullSecret {
    return new PullSecret(name, { ...props, kind: 'sealedSecret' }, propProblems(props, SEALED_SECRET_PROPS));
  }

  private constructor(
    readonly name: string,
    readonly source: PullSecretSource,
    problems: readonly PropProblem[],
  ) {
    if (!SECRET_NAME.test(name) || name.length > 253) {
      throw new Error(`PullSecret '${name}': not a valid Kubernetes secret name (lower-case DNS subdomain)`);
    }
    if (problems.length > 0) throw factoryError(`PullSecret.${source.kind}('${name}')`, problems.map(propProblemText));
  }
}
