/**
 * The commands an administrator runs by hand for a pull secret. They carry placeholders where the
 * registry user and the token file go, never a value: the token is typed at the cluster, not kept here.
 *
 * The token never becomes an argument of any command. `kubectl create secret docker-registry
 * --docker-password=…` would put it in shell history, and even `--docker-password="$(cat FILE)"`
 * shows it in the process list (`ps`, `/proc/<pid>/cmdline`) while kubectl runs. Instead the
 * shell reads the token file on standard input and the docker config is built in a pipe: `tr`
 * and `base64` read it from their input, `printf` (a shell builtin in sh, bash and zsh) writes only
 * the JSON around it, and kubectl reads the result from `/dev/stdin`.
 */
import type { PullSecret } from './pull-secret';

/** Docker Hub, as `docker login` and `kubectl create secret docker-registry` name it. */
export const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';

/** Placeholders the administrator replaces; each is quoted so that the shell never reads `<`/`>`. */
export const PLACEHOLDERS = {
  username: '<user>',
  tokenFile: '<token file>',
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
 * Shell text that prints `{"auths":{"<server>":{"auth":"<base64 of user:token>"}}}`, the token
 * read from standard input (line ends dropped, so a file saved with a newline works). `auth` alone
 * is what `docker login` writes and what the kubelet reads; being base64 it needs no JSON escaping,
 * whatever the token holds. `userWord` is shell text: a quoted name or a variable.
 */
function dockerConfigJsonGroup(server: string, userWord: string): string {
  return [
    `{ printf '{"auths":{%s:{"auth":"' ${shellQuote(JSON.stringify(server))}`,
    `{ printf '%s:' ${userWord}; tr -d '\\r\\n'; } | base64 | tr -d '\\n'`,
    `printf '"}}}'; }`,
  ].join('; ');
}

/** `kubectl create secret generic` of type dockerconfigjson, its one key read from standard input. */
function kubectlCreate(secret: PullSecret, environment: { containerNamespace: string }): string {
  return [
    'kubectl create secret generic',
    shellQuote(secret.name),
    '-n',
    shellQuote(environment.containerNamespace),
    '--type=kubernetes.io/dockerconfigjson',
    '--from-file=.dockerconfigjson=/dev/stdin',
  ].join(' ');
}

/**
 * One pipeline that creates the secret the profiles reference, in the environment's container
 * namespace, from the registry user and a file holding the read-only token: the secret
 * `kubectl create secret docker-registry` makes, without the token on a command line. Meant for an
 * `existing` secret (made outside this repository), usable for any source.
 */
export function pullSecretCommand(secret: PullSecret, environment: { containerNamespace: string }): string {
  const config = dockerConfigJsonGroup(pullSecretServer(secret), shellQuote(PLACEHOLDERS.username));
  return `${config} < ${shellQuote(PLACEHOLDERS.tokenFile)} | ${kubectlCreate(secret, environment)}`;
}

/** Where `pullSecretScript` reads the token unless the administrator says otherwise: `<name>.token`. */
export function defaultTokenFile(secret: PullSecret): string {
  return `${secret.name}.token`;
}

/**
 * `pullSecretCommand` as an administrator pastes it: the two values to set come first, each once
 * (the token file defaults to `defaultTokenFile`), and a missing or empty token file stops it
 * with a message instead of making a secret without a token. Plain commands without comments,
 * which zsh would not skip when pasted.
 */
export function pullSecretScript(secret: PullSecret, environment: { containerNamespace: string }): string {
  const config = dockerConfigJsonGroup(pullSecretServer(secret), '"$registry_user"');
  return [
    `token_file=${shellQuote(defaultTokenFile(secret))}`,
    `registry_user=${shellQuote(PLACEHOLDERS.username)}`,
    `if [ -s "$token_file" ]; then ${config} < "$token_file" | ${kubectlCreate(secret, environment)}; ` +
      `else echo "no token in $token_file" >&2; false; fi`,
  ].join('\n');
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
