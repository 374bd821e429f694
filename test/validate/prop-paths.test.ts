import type { ApiVersion, ProfileModel } from '../../src/model';
import { renderProfile } from '../../src/render';
import { SchemaRegistry, validateProfileObject } from '../../src/validate';
import { mpiModel, podModel, profileModel } from '../helpers/profile-models';

const schemas = SchemaRegistry.fromArtifacts();
const SOURCE = 'profiles/example.ts';

/** The model rendered as a profile construct renders it: annotated with its source. */
const renderedFromSource = (model: ProfileModel, apiVersion: ApiVersion) =>
  renderProfile({ ...model, annotations: { 'nnf-profiles/source': SOURCE } }, { apiVersion, namespace: 'nnf-system', imageRelocations: {} })
    .object;

/** An MPI profile whose launcher container has an `env` entry the schema refuses (no name). */
const badEnvModel = profileModel({
  workload: mpiModel({
    launcher: podModel({
      containers: [{ name: 'launcher', image: 'mpi:1', command: ['mpirun', 'hostname'], env: [{ value: 'x' } as never] }],
    }),
  }),
});

const findingsAt = (file: string, apiVersion: ApiVersion) =>
  validateProfileObject({ file, object: renderedFromSource(badEnvModel, apiVersion) }, { schemas })
    .findings.filter((f) => f.layer !== 'lint')
    .map((f) => `${f.path} [${f.rule}]`);

describe('findings on an object rendered from a profile source', () => {
  test('name the prop path the author wrote, the same in both eras', () => {
    expect(findingsAt(SOURCE, 'v1alpha6')).toEqual(['launcher.containers[0].env[0].name [schema/required]']);
    expect(findingsAt(SOURCE, 'v1alpha11')).toEqual(['launcher.containers[0].env[0].name [schema/required]']);
  });

  test('keep the object paths when the object is read from a YAML file', () => {
    expect(findingsAt('dist/production/nnfcontainerprofile-example.yaml', 'v1alpha6')).toEqual([
      'data.mpiSpec.mpiReplicaSpecs.Launcher.template.spec.containers[0].env[0].name [schema/required]',
    ]);
    expect(findingsAt('dist/production/nnfcontainerprofile-example.yaml', 'v1alpha11')).toEqual([
      'data.mpiSpec.launcher.containers[0].env[0].name [schema/required]',
    ]);
  });
});
