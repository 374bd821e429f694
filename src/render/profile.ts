import { NNF_GROUP, PROFILE_KIND, type ProfileModel } from '../model';
import { compact, nonEmpty } from './compact';
import { RenderContext } from './context';
import { SCHEMA_DEFAULTS } from './defaults';
import { renderNnfPodSpecEraWorkload } from './nnfpodspec-era';
import { renderPodSpecEraWorkload } from './podspec-era';
import type { RenderProblem } from './problem';
import type { RenderTarget } from './target';

/** A rendered NnfContainerProfile, as plain JSON-able data. */
export interface RenderedProfile {
  readonly apiVersion: string;
  readonly kind: typeof PROFILE_KIND;
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly data: Record<string, unknown>;
}

export interface RenderResult {
  readonly object: RenderedProfile;
  /** Empty when the target version expresses everything the profile says. */
  readonly problems: readonly RenderProblem[];
}

function nonEmptyRecord(record: Readonly<Record<string, string>>): Record<string, string> | undefined {
  return Object.keys(record).length > 0 ? { ...record } : undefined;
}

/**
 * Renders a profile for one API version. Pure: the same model and target always give the same
 * object. Fields the version cannot express are reported as problems, never dropped silently.
 */
export function renderProfile(model: ProfileModel, target: RenderTarget): RenderResult {
  const ctx = new RenderContext(target, new Set(model.storages.map((s) => s.name)));
  if (model.createContainer !== undefined && target.apiVersion !== 'v1alpha11') {
    ctx.unsupported('data.createContainer', 'v1alpha11 only');
  }
  const workload = ctx.era === 'PodSpec' ? renderPodSpecEraWorkload(model, ctx) : renderNnfPodSpecEraWorkload(model, ctx);

  const object: RenderedProfile = {
    apiVersion: `${NNF_GROUP}/${target.apiVersion}`,
    kind: PROFILE_KIND,
    metadata: compact({
      name: model.name,
      namespace: target.namespace,
      labels: nonEmptyRecord(model.labels),
      annotations: nonEmptyRecord(model.annotations),
    }) as RenderedProfile['metadata'],
    data: compact({
      // Published profiles are never pinned; NNF pins its own per-workflow copy.
      pinned: false,
      retryLimit: model.retryLimit,
      storages: nonEmpty(model.storages)?.map((s) => compact({ name: s.name, optional: s.optional, pvcMode: s.pvcMode })),
      // Written out as the CRD defaults them, so that server-side diffs show no drift.
      preRunTimeoutSeconds: model.preRunTimeoutSeconds ?? SCHEMA_DEFAULTS.timeoutSeconds,
      postRunTimeoutSeconds: model.postRunTimeoutSeconds ?? SCHEMA_DEFAULTS.timeoutSeconds,
      userID: model.userID,
      groupID: model.groupID,
      numPorts: model.numPorts,
      createContainer: ctx.version === 'v1alpha11' ? (model.createContainer ?? SCHEMA_DEFAULTS.createContainer) : undefined,
      ...workload,
    }),
  };
  return { object, problems: ctx.problems };
}
