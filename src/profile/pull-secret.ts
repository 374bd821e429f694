/**
 * A `kubernetes.io/dockerconfigjson` secret in the container namespace that pods pull images with.
 */
export class PullSecret {
  /** A secret that exists in the cluster already, made outside this repository. */
  static fromName(name: string): PullSecret {
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
      throw new Error(`PullSecret.fromName('${name}'): not a valid Kubernetes secret name (lower-case DNS subdomain)`);
    }
    return new PullSecret(name);
  }

  private constructor(readonly name: string) {}
}
