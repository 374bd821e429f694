/**
 * The object a pull secret puts into an environment's output: an External Secrets `ExternalSecret`
 * or a Bitnami `SealedSecret` that makes the `kubernetes.io/dockerconfigjson` secret in the
 * container namespace, or nothing for a secret made outside this repository. Pure: no I/O.
 */
import { sealPullSecretCommand } from './command';
import type { ExternalSecretProps, PullSecret, SealedSecretProps } from './pull-secret';

export interface RenderedPullSecret {
  /** The manifest for the environment; absent for an `existing` secret or when there are problems. */
  readonly object?: Record<string, unknown>;
  /** What keeps the secret from being rendered for this environment, each a full sentence. */
  readonly problems: string[];
}

export const DOCKER_CONFIG_JSON_TYPE = 'kubernetes.io/dockerconfigjson';
export const DOCKER_CONFIG_JSON_KEY = '.dockerconfigjson';

/**
 * The keys of the ExternalSecret's `data`: what the template reads the fetched values as. `email`
 * only when the site names its property: most registries need none, and a remote key without it
 * would leave the ExternalSecret failing.
 */
export const EXTERNAL_SECRET_KEYS = ['username', 'password', 'email'] as const;

type ExternalSecretKey = (typeof EXTERNAL_SECRET_KEYS)[number];

const DEFAULT_PROPERTIES: Record<Exclude<ExternalSecretKey, 'email'>, string> = {
  username: 'username',
  password: 'token',
};

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// µs as an escape: esbuild keeps regular expressions as written, and one non-ASCII character
// makes V8 hold the whole bundle as two-byte text.
const GO_DURATION = /^(0|([0-9]+(\.[0-9]+)?(ns|us|\u00b5s|ms|s|m|h))+)$/;

/**
 * The ESO template (engine v2: Go text/template with Sprig; fetched values are strings) for the
 * `.dockerconfigjson` value: `{"auths":{"<server>":{"username":…,"password":…,"auth":…}}}`
 * with `auth` the base64 of `user:token`, and `"email"` only with `withEmail`. `toJson` builds the
 * JSON, so a token holding `"` or `\` still gives valid JSON. The server is a Go string literal; a
 * JSON string literal is one.
 */
export function dockerConfigJsonTemplate(server: string, withEmail = false): string {
  const email = withEmail ? ' "email" .email' : '';
  const entry = `dict "username" .username "password" .password${email} "auth" (printf "%s:%s" .username .password | b64enc)`;
  return `{{ dict "auths" (dict ${JSON.stringify(server)} (${entry})) | toJson }}`;
}

function externalSecret(name: string, namespace: string, props: ExternalSecretProps): RenderedPullSecret {
  const where = `pull secret '${name}' (ExternalSecret)`;
  const problems: string[] = [];
  const storeName = props.store?.name;
  if (typeof storeName !== 'string' || !DNS_SUBDOMAIN.test(storeName) || storeName.length > 253) {
    problems.push(`${where}: store.name '${String(storeName)}' is not a valid SecretStore name (lower-case DNS subdomain)`);
  }
  if (props.store?.kind !== undefined && props.store.kind !== 'SecretStore' && props.store.kind !== 'ClusterSecretStore') {
    problems.push(`${where}: store.kind must be 'SecretStore' or 'ClusterSecretStore', not '${String(props.store.kind)}'`);
  }
  if (typeof props.server !== 'string' || props.server.trim() === '' || /\s/.test(props.server)) {
    problems.push(`${where}: server must name the registry as 'docker login' does (e.g. 'https://index.docker.io/v1/')`);
  }
  if (typeof props.remoteKey !== 'string' || props.remoteKey.trim() === '') {
    problems.push(`${where}: remoteKey must name the key in the secret store that holds the registry user and token`);
  }
  const refreshInterval = props.refreshInterval ?? '1h';
  if (!GO_DURATION.test(refreshInterval)) {
    problems.push(`${where}: refreshInterval '${refreshInterval}' is not a Go duration (e.g. '1h', '30m', '1h30m')`);
  }
  const properties: Partial<Record<ExternalSecretKey, unknown>> = { ...DEFAULT_PROPERTIES, ...props.properties };
  const keys = EXTERNAL_SECRET_KEYS.filter((key) => key !== 'email' || properties.email !== undefined);
  for (const key of keys) {
    if (typeof properties[key] !== 'string' || properties[key] === '') {
      problems.push(`${where}: properties.${key} must name a property of '${props.remoteKey}'`);
    }
  }
  if (problems.length > 0) return { problems };

  const remoteRefPolicy = props.nullBytePolicy === undefined ? {} : { nullBytePolicy: props.nullBytePolicy };
  // Every field below that the API server would default is written out with that default, or Argo CD
  // compares Git without it to the live object with it and shows the ExternalSecret OutOfSync forever.
  // CRD defaults of external-secrets.io/v1 (kubebuilder markers in ESO's apis/externalsecrets/v1/
  // externalsecret_types.go): spec.refreshInterval '1h'; spec.target {creationPolicy: Owner,
  // deletionPolicy: Retain}; target.template.engineVersion 'v2' and mergePolicy 'Replace';
  // data[].remoteRef conversionStrategy 'Default', decodingStrategy 'None', metadataPolicy 'None'.
  // secretStoreRef.kind has no CRD default (the controller reads '' as SecretStore): always written.
  // remoteRef.nullBytePolicy (ESO 2.3.0+) only when the site asks, see ExternalSecretProps.
  return {
    problems,
    object: {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name, namespace },
      spec: {
        secretStoreRef: { kind: props.store.kind ?? 'ClusterSecretStore', name: props.store.name },
        refreshInterval,
        target: {
          name,
          creationPolicy: 'Owner',
          deletionPolicy: 'Retain',
          template: {
            type: DOCKER_CONFIG_JSON_TYPE,
            engineVersion: 'v2',
            mergePolicy: 'Replace',
            data: { [DOCKER_CONFIG_JSON_KEY]: dockerConfigJsonTemplate(props.server, keys.includes('email')) },
          },
        },
        data: keys.map((secretKey) => ({
          secretKey,
          remoteRef: {
            key: props.remoteKey,
            property: properties[secretKey],
            conversionStrategy: 'Default',
            decodingStrategy: 'None',
            metadataPolicy: 'None',
            ...remoteRefPolicy,
          },
        })),
      },
    },
  };
}

/** Base64 whose text is a docker config: someone pasted the secret's value instead of sealing it. */
function isPlainDockerConfig(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const text = Buffer.from(value, 'base64').toString('utf8');
  return /"auths"\s*:/.test(text);
}

function sealedSecret(
  secret: PullSecret,
  namespace: string,
  environment: { name: string; containerNamespace: string },
  props: SealedSecretProps,
): RenderedPullSecret {
  const { name } = secret;
  const where = `pull secret '${name}' (SealedSecret)`;
  const sealed = props.encryptedDockerConfigJson ?? {};
  const ciphertext = Object.prototype.hasOwnProperty.call(sealed, environment.name) ? sealed[environment.name] : undefined;
  const seal = `seal it for that cluster with \`${sealPullSecretCommand(secret, environment)}\` and put the output in site.ts under encryptedDockerConfigJson['${environment.name}']`;
  if (typeof ciphertext !== 'string' || ciphertext.trim() === '') {
    return {
      problems: [
        `${where}: no sealed .dockerconfigjson for environment '${environment.name}'; each cluster has its own sealing key, so ${seal}`,
      ],
    };
  }
  if (isPlainDockerConfig(ciphertext.trim())) {
    return {
      problems: [
        `${where}: encryptedDockerConfigJson['${environment.name}'] is the plain .dockerconfigjson in base64, not sealed: ` +
          `revoke that token at the registry (it may already be in Git history), then ${seal}`,
      ],
    };
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(ciphertext.trim())) {
    return {
      problems: [`${where}: encryptedDockerConfigJson['${environment.name}'] is not kubeseal output (base64 expected); ${seal}`],
    };
  }
  return {
    problems: [],
    object: {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name, namespace },
      spec: {
        encryptedData: { [DOCKER_CONFIG_JSON_KEY]: ciphertext.trim() },
        template: { type: DOCKER_CONFIG_JSON_TYPE, metadata: { name, namespace } },
      },
    },
  };
}

/**
 * The manifest that provides `secret` in `environment`'s container namespace, or the problems that
 * prevent it. `existing` secrets render nothing (see `pullSecretCommand` for how they are made).
 */
export function renderPullSecret(secret: PullSecret, environment: { name: string; containerNamespace: string }): RenderedPullSecret {
  const namespace = environment.containerNamespace;
  const source = secret.source;
  switch (source.kind) {
    case 'existing':
      return { problems: [] };
    case 'externalSecret':
      return externalSecret(secret.name, namespace, source);
    case 'sealedSecret':
      return sealedSecret(secret, namespace, environment, source);
    default: {
      const kind: never = source;
      return { problems: [`pull secret '${secret.name}': unknown source ${JSON.stringify(kind)}`] };
    }
  }
}
