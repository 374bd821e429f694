import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { MpiWorkload, ProfileModel, SingleWorkload } from '../model';
import { type RenderedProfile, renderProfile } from '../render/profile';
import { DW_PROFILE_NAME, MANAGED_BY_LABEL, propPathOf, SOURCE_ANNOTATION } from '../rendered';
import { EnvironmentChart, type Environment } from '../site';
import { formatFinding } from '../validate/finding';
import { type PropProblem, propProblems, type PropsShape } from '../validate/props';
import { POLICY_EXCEPTION_ANNOTATION_PREFIX, type PolicyException } from '../policy/settings';
import type { PullSecret } from '../secrets/pull-secret';
import { DESCRIPTION_ANNOTATION, descriptionProblems, normalizedDescription } from './description';
import { markAsProfile, ProfileSource } from './source-file';
import type { Storage } from './storage';

/** Settings every profile has, MPI or not. */
export interface ProfileProps {
  /**
   * One paragraph for users choosing a profile: what it runs and when to use it. The catalog
   * shows it, and the object carries it as the annotation `nnf-profiles/description`. Line
   * breaks are kept as spaces; no blank lines, at most 1,000 characters.
   * @default - none
   */
  readonly description?: string;
  /**
   * Storages users may pass in `#DW container`; each is mounted and exported as a variable.
   * @default - none
   */
  readonly storages?: readonly Storage[];
  /**
   * How often a failed container is retried (the Kubernetes Job backoff limit).
   * @default 6
   */
  readonly retryLimit?: number;
  /** Secrets for pulling the images; for MPI they go on launcher and worker. @default - none */
  readonly pullSecrets?: readonly PullSecret[];
  /**
   * Labels of the NnfContainerProfile object, e.g. for selecting profiles with kubectl.
   * @default - none beyond `app.kubernetes.io/managed-by`, which nnf-profiles adds
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Annotations of the NnfContainerProfile object; write the description as `description`.
   * @default - none beyond the ones nnf-profiles adds (source file, description, policy exceptions)
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Reasoned exceptions from the site's container policy, for the rules the policy lets
   * profiles be excepted from; each is shown on the rendered object as an annotation.
   * @default - none
   */
  readonly policyExceptions?: readonly PolicyException[];
  /**
   * Seconds the containers may take to start; 0 disables the limit.
   * @default - the operator's default, 300
   */
  readonly preRunTimeoutSeconds?: number;
  /**
   * Seconds the containers may take to finish after the job's compute phase; 0 disables the
   * limit (and exit codes are then ignored).
   * @default - the operator's default, 300
   */
  readonly postRunTimeoutSeconds?: number;
  /** Only workflows of this user ID may use the profile. @default - any user */
  readonly userID?: number;
  /** Only workflows of this group ID may use the profile. @default - any group */
  readonly groupID?: number;
  /** Ports reserved per container on the NNF node, exposed as `NNF_CONTAINER_PORTS`. @default - none */
  readonly numPorts?: number;
  /**
   * false: NNF mounts the storages but starts no containers. v1alpha11 only.
   * @default - the operator's default, true
   */
  readonly createContainer?: boolean;
}

export const DEFAULT_RETRY_LIMIT = 6;

/** The description annotation set by hand, which the `description` prop would silently override. */
function annotationProblems(props: ProfileProps): PropProblem[] {
  const annotations: unknown = props.annotations;
  if (annotations === null || typeof annotations !== 'object' || !Object.hasOwn(annotations, DESCRIPTION_ANNOTATION)) return [];
  return [
    {
      rule: 'props/description',
      path: `annotations.${DESCRIPTION_ANNOTATION}`,
      message: `set by the description prop; write the text as description instead`,
    },
  ];
}
const KUBERNETES_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * What ContainerProfile and MpiContainerProfile share: the version-neutral model, its render
 * for the environment's API version, and the synth-time validation of what that version
 * cannot express.
 */
export abstract class Profile extends Construct {
  /** metadata.name, what users write as `profile=` in `#DW container`. */
  readonly name: string;
  readonly environment: Environment;
  /** The profile file, relative to the repository root, when the profile came from one. */
  readonly sourceFile?: string;
  readonly model: ProfileModel;
  readonly apiObject: ApiObject;

  /** @param shape the keys `props` may have, checked because synth does not type-check */
  protected constructor(scope: Construct, name: string, props: ProfileProps, shape: PropsShape, workload: SingleWorkload | MpiWorkload) {
    // Checked before it becomes a construct id, which would silently turn '/' into '--'.
    if (typeof name !== 'string' || !KUBERNETES_NAME.test(name) || name.length > 253) {
      throw new Error(
        `profile name ${JSON.stringify(name)} is not a valid Kubernetes object name ` +
          `(lower-case letters, digits, '-' and '.'; users select the profile by it: prefer ${DW_PROFILE_NAME.source})`,
      );
    }
    super(scope, name);
    markAsProfile(this);
    const chart = EnvironmentChart.find(this);
    if (!chart) throw new Error(`profile '${name}': create it inside an EnvironmentChart (the synth does this for profiles/)`);
    this.name = name;
    this.environment = chart.environment;
    this.sourceFile = ProfileSource.find(this)?.file;

    // Picked one by one: subclasses pass props that also carry their pod templates.
    this.model = {
      name,
      labels: { [MANAGED_BY_LABEL]: 'nnf-profiles', ...props.labels },
      annotations: {
        ...(this.sourceFile ? { [SOURCE_ANNOTATION]: this.sourceFile } : {}),
        ...Object.fromEntries((props.policyExceptions ?? []).map((e) => [`${POLICY_EXCEPTION_ANNOTATION_PREFIX}${e.rule}`, e.reason])),
        ...props.annotations,
        ...(typeof props.description === 'string' ? { [DESCRIPTION_ANNOTATION]: normalizedDescription(props.description) } : {}),
      },
      storages: (props.storages ?? []).map((s) => s.toModel()),
      retryLimit: props.retryLimit ?? DEFAULT_RETRY_LIMIT,
      preRunTimeoutSeconds: props.preRunTimeoutSeconds,
      postRunTimeoutSeconds: props.postRunTimeoutSeconds,
      userID: props.userID,
      groupID: props.groupID,
      numPorts: props.numPorts,
      createContainer: props.createContainer,
      workload,
    };

    const { object, problems } = renderProfile(this.model, {
      apiVersion: this.environment.apiVersion,
      namespace: this.environment.profileNamespace,
      imageRelocations: this.environment.imageRelocations,
    });
    const file = this.sourceFile ?? this.node.path;
    // What the version cannot express is reported where the author wrote it.
    const unrendered = problems.map((p) => ({ ...p, path: propPathOf(p.path) ?? p.path }));
    const all = [...propProblems(props, shape), ...descriptionProblems(props.description), ...annotationProblems(props), ...unrendered];
    // A prop that does not reach the object is lost to every job that selects the profile.
    this.node.addValidation({
      validate: () => all.map((p) => formatFinding({ ...p, layer: 'job', file, profile: name })),
    });
    // A construct like any other: metadata, addJsonPatch and overrides made on it reach the output.
    this.apiObject = new ApiObject(this, 'Resource', object as RenderedProfile & { [key: string]: unknown });
  }
}
