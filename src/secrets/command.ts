/**
 * The commands an administrator runs by hand for a pull secret. They carry placeholders where the
 * registry user, token and email go, never a value: the token is typed at the cluster, not kept here.
 */
import type { PullSecret } from './pull-secret';

/** Docker Hub, as `docker login` and `kubectl create secret docker-registry` name it. */
export const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';

/** Placeholders the administrator replaces; each is quoted so that the shell never reads `<`/`>`. */
export const PLACEHOLDERS = {
  username: '<user>',
  password: '<read-only token>',
  email: '<email>',
} as const;

const SHELL_SAFE = /^[A-Za-z0-9@%+=:,./_-]+$/;

/** One word for a POSIX shell: bare when nothing in it is special, otherwise single-quoted. */
export function shellQuote(word: string): string {
  if (word !== '' && SHELL_SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The registry the secret's credentials are for. */
export function pullSecretServer(secret: PullSecret): string {
  return secret.source.server ?? DOCKER_HUB_SERVER;
}

/**
 * `kubectl create secret docker-registry NAME -n NS --docker-server=… --docker-username=<user>
 * --docker-password=<read-only token> --docker-email=<email>`: the command of the NNF user-container
 * documentation, for the secret the profiles reference. Meant for an `existing` secret (made outside
 * this repository), usable for any source.
 */
export function pullSecretCommand(secret: PullSecret, environment: { containerNamespace: string }): string {
  return [
    'kubectl create secret docker-registry',
    shellQuote(secret.name),
    '-n',
    shellQuote(environment.containerNamespace),
    `--docker-server=${shellQuote(pullSecretServer(secret))}`,
    `--docker-username=${shellQuote(PLACEHOLDERS.username)}`,
    `--docker-password=${shellQuote(PLACEHOLDERS.password)}`,
    `--docker-email=${shellQuote(PLACEHOLDERS.email)}`,
  ].join(' ');
}

/**
 * The pipeline that seals the secret for one environment's cluster: the secret is made locally
 * (`--dry-run=client`, nothing reaches a cluster), `kubeseal` encrypts it with that cluster's key in
 * the strict scope (bound to this name and namespace), and the `.dockerconfigjson` ciphertext is what
 * goes into `encryptedDockerConfigJson[<environment>]` in `site.ts`.
 */
export function sealPullSecretCommand(secret: PullSecret, environment: { name: string; containerNamespace: string }): string {
  return [
    `${pullSecretCommand(secret, environment)} --dry-run=client -o json`,
    `kubeseal --context ${shellQuote(`<kube context of ${environment.name}>`)} --scope strict -o json`,
    `jq -r ${shellQuote('.spec.encryptedData[".dockerconfigjson"]')}`,
  ].join(' | ');
}
