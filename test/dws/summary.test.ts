import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { profileSummary } from '../../src/dws';
import type { ProfileObject } from '../../src/validate/rules/context';
import { synthesize } from '../../src/synth/synthesize';
import { exampleCopy } from '../helpers/examples';
import { shippedSiteFor } from '../helpers/shipped-site';
import { REPO_ROOT } from '../helpers/temp-site';

const shipped = (environment: string, name: string) =>
  yaml.load(fs.readFileSync(path.join(REPO_ROOT, 'dist', environment, `nnfcontainerprofile-${name}.yaml`), 'utf8')) as ProfileObject;

describe('profileSummary', () => {
  test('the seed MPI profile, either era: storages by kind, images once, MPI variables', () => {
    for (const environment of ['production', 'legacy']) {
      const summary = profileSummary(shipped(environment, 'mpi-red-rock-slushy'));
      expect(summary).toMatchObject({
        name: 'mpi-red-rock-slushy',
        selectable: true,
        namespace: 'nnf-system',
        mpi: true,
        images: ['dean/red-rock-slushy:v2.0'],
        storages: [
          { name: 'DW_JOB_foo_local_storage', kind: 'job', suffix: 'foo_local_storage', optional: false, usable: true },
          { name: 'DW_PERSISTENT_foo_persistent_storage', kind: 'persistent', suffix: 'foo_persistent_storage', optional: true, usable: true },
        ],
        numPorts: 0,
        createContainer: true,
        source: 'profiles/mpi-red-rock-slushy.ts',
        policyExceptions: [],
      });
      expect(summary.userID).toBeUndefined();
      expect(summary.containers.map((c) => [c.name, c.role])).toEqual([
        ['red-rock-launcher', 'launcher'],
        ['red-rock-worker', 'worker'],
      ]);
      expect(summary.variables.map((v) => `${v.scope}:${v.name}`)).toEqual([
        'container:DW_JOB_foo_local_storage',
        'container:DW_PERSISTENT_foo_persistent_storage',
        'container:NNF_CONTAINER_HOSTNAMES',
        'container:NNF_CONTAINER_DOMAIN',
        'container:NNF_CONTAINER_SUBDOMAIN',
        'container:NNF_NODE_NAME',
        'compute:NNF_CONTAINER_LAUNCHER',
      ]);
    }
  });

  test('ports: NNF_CONTAINER_PORTS everywhere, per-container ports for the launcher’s containers', () => {
    const rendered = synthesize(shippedSiteFor('v1alpha11'), [exampleCopy('example-mpi-webserver')]);
    const summary = profileSummary(yaml.load(rendered.files.get('t/nnfcontainerprofile-my-example-mpi-webserver.yaml')!) as ProfileObject);
    expect(summary.numPorts).toBe(1);
    expect(summary.storages.map((s) => [s.kind, s.pvcMode])).toEqual([
      ['job', undefined],
      ['persistent', undefined],
      ['global', 'ReadWriteMany'],
    ]);
    expect(summary.variables.filter((v) => v.name.startsWith('NNF_CONTAINER_PORTS')).map((v) => `${v.scope}:${v.name}`)).toEqual([
      'both:NNF_CONTAINER_PORTS',
      'container:NNF_CONTAINER_PORTS_my_example_mpi_webserver_launcher',
    ]);
  });

  test('restrictions, createContainer, policy exceptions; odd shapes do not throw', () => {
    const summary = profileSummary({
      metadata: { name: 'restricted', annotations: { 'nnf-profiles/policy-exception.privileged': 'needs a device', other: 'x' } },
      data: { userID: 1001, groupID: 2000, createContainer: false, spec: { containers: [{ name: 'a', image: 'a:1' }], initContainers: [{ name: 'i', image: 'i:1' }] } },
    });
    expect(summary).toMatchObject({ userID: 1001, groupID: 2000, createContainer: false, images: ['a:1', 'i:1'], policyExceptions: [{ rule: 'privileged', reason: 'needs a device' }] });
    expect(profileSummary({})).toMatchObject({ name: '(unnamed)', selectable: false, storages: [], images: [], mpi: false });
    expect(profileSummary({ data: { storages: 'nope', numPorts: 'x' } as Record<string, unknown> })).toMatchObject({ storages: [], numPorts: 0 });
  });
});
