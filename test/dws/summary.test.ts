import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { profileSummary, shownArgument } from '../../src/dws';
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
          {
            name: 'DW_PERSISTENT_foo_persistent_storage',
            kind: 'persistent',
            suffix: 'foo_persistent_storage',
            optional: true,
            usable: true,
          },
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
      data: {
        userID: 1001,
        groupID: 2000,
        createContainer: false,
        spec: { containers: [{ name: 'a', image: 'a:1' }], initContainers: [{ name: 'i', image: 'i:1' }] },
      },
    });
    expect(summary).toMatchObject({
      userID: 1001,
      groupID: 2000,
      createContainer: false,
      images: ['a:1', 'i:1'],
      policyExceptions: [{ rule: 'privileged', reason: 'needs a device' }],
    });
    expect(profileSummary({})).toMatchObject({ name: '(unnamed)', selectable: false, storages: [], images: [], mpi: false });
    expect(profileSummary({ data: { storages: 'nope', numPorts: 'x' } as Record<string, unknown> })).toMatchObject({
      storages: [],
      numPorts: 0,
    });
  });

  test('the description, from its annotation', () => {
    expect(profileSummary(shipped('production', 'red-rock-slushy')).description).toMatch(/^Runs the red-rock-slushy application/);
    expect(profileSummary({ metadata: { name: 'a', annotations: { 'nnf-profiles/description': 'Runs a.' } } }).description).toBe('Runs a.');
    expect(
      profileSummary({ metadata: { name: 'a', annotations: { 'nnf-profiles/description': 7 } } as Record<string, unknown> }).description,
    ).toBeUndefined();
  });

  test('what each container runs, with the variables Kubernetes expands shown as $NAME', () => {
    for (const environment of ['production', 'legacy']) {
      const summary = profileSummary(shipped(environment, 'mpi-red-rock-slushy'));
      expect(summary.containers.map((c) => [c.name, c.command, c.args])).toEqual([
        ['red-rock-launcher', ['mpirun', 'dcmp', '$DW_JOB_foo_local_storage/0', '$DW_JOB_foo_local_storage/1'], undefined],
        ['red-rock-worker', undefined, undefined],
      ]);
    }
    const summary = profileSummary({
      metadata: { name: 'vars' },
      data: {
        numPorts: 1,
        storages: [{ name: 'DW_JOB_scratch' }],
        spec: {
          containers: [
            {
              name: 'app',
              image: 'a:1',
              command: ['sh', '-c'],
              args: [
                'cd $(DW_JOB_scratch)/in && serve --port $(NNF_CONTAINER_PORTS_app) --tag $(TAG)x $(UNKNOWN) $$(DW_JOB_scratch) $HOME $(',
                7,
              ],
              env: [{ name: 'TAG', value: 'v1' }],
            },
          ],
          initContainers: [{ name: 'prep', image: 'a:1', args: ['$(DW_JOB_scratch)', '$(NNF_NODE_NAME)'] }],
        },
      },
    });
    expect(summary.containers.map((c) => [c.name, c.command, c.args])).toEqual([
      [
        'app',
        ['sh', '-c'],
        ['cd $DW_JOB_scratch/in && serve --port $NNF_CONTAINER_PORTS_app --tag ${TAG}x $(UNKNOWN) $(DW_JOB_scratch) $HOME $(', '7'],
      ],
      // NNF sets its variables in the pod's containers only: in an init container they stay as written.
      ['prep', undefined, ['$(DW_JOB_scratch)', '$(NNF_NODE_NAME)']],
    ]);
  });

  test('shownArgument reads $ as Kubernetes expansion does', () => {
    const all = () => true;
    expect(shownArgument('$(A)$(B)', all)).toBe('$A$B');
    expect(shownArgument('$(A)_x', all)).toBe('${A}_x');
    expect(shownArgument('$$(A) $$ $x $', all)).toBe('$(A) $ $x $');
    expect(shownArgument('$(A', all)).toBe('$(A');
    expect(shownArgument('$(A)', () => false)).toBe('$(A)');
  });
});
