import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import * as yaml from 'js-yaml';
import { directivesFor, directivesText, fill, fluxCommand, lintJob, PLACEHOLDER } from '../../src/dws';
import type { ProfileObject } from '../../src/validate/rules/context';
import { REPO_ROOT } from '../helpers/temp-site';

/** The NnfContainerProfiles committed in dist/<environment>/. */
function shippedProfiles(environment: string): ProfileObject[] {
  const dir = path.join(REPO_ROOT, 'dist', environment);
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('nnfcontainerprofile-') && f.endsWith('.yaml'))
    .sort()
    .map((f) => yaml.load(fs.readFileSync(path.join(dir, f), 'utf8')) as ProfileObject);
}

const named = (profiles: ProfileObject[], name: string) => {
  const found = profiles.find((p) => p.metadata?.name === name);
  if (!found) throw new Error(`no profile ${name}`);
  return found;
};

const profile = (name: string, data: Record<string, unknown>): ProfileObject => ({
  apiVersion: 'nnf.cray.hpe.com/v1alpha11',
  kind: 'NnfContainerProfile',
  metadata: { name, namespace: 'nnf-system' },
  data: { pinned: false, retryLimit: 6, ...data },
});

describe('directivesFor the seed profiles as dist/production renders them', () => {
  const production = shippedProfiles('production');

  test('red-rock-slushy: a jobdw, an optional persistentdw, the container, the variables', () => {
    expect(directivesFor(named(production, 'red-rock-slushy'))).toEqual([
      '# red-rock-slushy: dean/red-rock-slushy:v1.0',
      '# Replace each <...>; the jobdw names and the container name are yours to choose.',
      '#DW jobdw type=<gfs2|lustre> capacity=<N>GiB name=foo-local-storage',
      '# Optional: DW_PERSISTENT_foo_persistent_storage. To run without it, delete its #DW persistentdw directive and DW_PERSISTENT_foo_persistent_storage=... from #DW container.',
      '# <foo-persistent-storage>: the name of an existing persistent instance (made by #DW create_persistent).',
      '#DW persistentdw name=<foo-persistent-storage>',
      '#DW container name=red-rock-slushy profile=red-rock-slushy DW_JOB_foo_local_storage=foo-local-storage DW_PERSISTENT_foo_persistent_storage=<foo-persistent-storage>',
      '# In the container:',
      '#   DW_JOB_foo_local_storage              mount path of the #DW jobdw storage (gfs2: one directory 0/, 1/, ... per compute node)',
      '#   DW_PERSISTENT_foo_persistent_storage  mount path of the #DW persistentdw storage; set only when the job supplies it',
      "#   NNF_CONTAINER_HOSTNAMES               host names of the workflow's containers, space separated",
      '#   NNF_CONTAINER_DOMAIN                  the cluster DNS domain, e.g. default.svc.cluster.local',
      '#   NNF_CONTAINER_SUBDOMAIN               the subdomain: <HOSTNAME>.<SUBDOMAIN>.<DOMAIN> reaches another container',
      '#   NNF_NODE_NAME                         the NNF node the container runs on',
    ]);
  });

  test('mpi-red-rock-slushy: says MPI, and what the compute nodes see', () => {
    const lines = directivesFor(named(production, 'mpi-red-rock-slushy'));
    expect(lines[0]).toBe('# mpi-red-rock-slushy: MPI (launcher and workers), dean/red-rock-slushy:v2.0');
    expect(lines).toContain(
      '#DW container name=mpi-red-rock-slushy profile=mpi-red-rock-slushy DW_JOB_foo_local_storage=foo-local-storage DW_PERSISTENT_foo_persistent_storage=<foo-persistent-storage>',
    );
    expect(lines.slice(-2)).toEqual(['# On the compute nodes:', "#   NNF_CONTAINER_LAUNCHER                the MPI launcher's host name"]);
  });

  test('the PodSpec-era rendering (dist/legacy) gives the same lines', () => {
    const legacy = shippedProfiles('legacy');
    for (const name of ['red-rock-slushy', 'mpi-red-rock-slushy']) {
      expect(directivesFor(named(legacy, name))).toEqual(directivesFor(named(production, name)));
    }
  });

  test('filled, fill() puts sample values in the #DW lines only', () => {
    const filled = fill(directivesText(named(production, 'red-rock-slushy'))).split('\n');
    expect(filled.filter((l) => l.startsWith('#DW'))).toEqual([
      '#DW jobdw type=gfs2 capacity=100GiB name=foo-local-storage',
      '#DW persistentdw name=foo-persistent-storage',
      '#DW container name=red-rock-slushy profile=red-rock-slushy DW_JOB_foo_local_storage=foo-local-storage DW_PERSISTENT_foo_persistent_storage=foo-persistent-storage',
    ]);
    expect(filled).toContain(
      '#   NNF_CONTAINER_SUBDOMAIN               the subdomain: <HOSTNAME>.<SUBDOMAIN>.<DOMAIN> reaches another container',
    );
  });

  test('fill() takes the caller’s values first', () => {
    expect(fill('#DW jobdw type=<gfs2|lustre> capacity=<N>GiB name=x1', { '<gfs2|lustre>': 'lustre', '<N>': '4' })).toBe(
      '#DW jobdw type=lustre capacity=4GiB name=x1',
    );
  });
});

describe.each(['production', 'legacy'])('every profile of dist/%s', (environment) => {
  const profiles = shippedProfiles(environment);

  test.each(profiles.map((p) => [String(p.metadata?.name), p] as const))('%s: the filled directives pass lint-job', (name, p) => {
    const text = directivesText(p);
    expect(lintJob(`#!/bin/bash\n#SBATCH --nodes=2\n${fill(text)}\nsrun ./app\n`, `${name}.sh`, profiles, { environment })).toEqual([]);
    // Unfilled, only the placeholders are reported.
    const unfilled = lintJob(text, `${name}.sh`, profiles).map((f) => f.rule);
    const hasPlaceholders = text.split('\n').some((l) => l.startsWith('#DW') && PLACEHOLDER.test(l));
    expect(new Set(unfilled)).toEqual(new Set(hasPlaceholders ? ['job/placeholder'] : []));
  });
});

describe('directivesFor: restrictions, ports, odd profiles', () => {
  const archiver = profile('archiver', {
    spec: { containers: [{ name: 'archive-app', image: 'ghcr.io/example/archiver:1.0' }] },
    userID: 1001,
    groupID: 2000,
    numPorts: 2,
    storages: [
      { name: 'DW_GLOBAL_archive', optional: false, pvcMode: 'ReadWriteMany' },
      { name: 'DW_JOB_staging', optional: true },
    ],
  });

  test('a restricted profile with ports and a global storage', () => {
    expect(directivesFor(archiver)).toEqual([
      '# archiver: ghcr.io/example/archiver:1.0',
      '# Replace each <...>; the jobdw names and the container name are yours to choose.',
      '# Optional: DW_JOB_staging. To run without it, delete its #DW jobdw directive and DW_JOB_staging=... from #DW container.',
      '#DW jobdw type=<gfs2|lustre> capacity=<N>GiB name=staging',
      '# DW_GLOBAL_archive: a path on a global Lustre file system, mounted ReadWriteMany.',
      '#DW container name=archiver profile=archiver DW_JOB_staging=staging DW_GLOBAL_archive=<lustre-path>',
      '# Restricted: only jobs run as uid 1001 (data.userID) and gid 2000 (data.groupID) may use this profile.',
      '# Ports: 2 reserved per container; compute nodes reach the container on the local NNF node at these ports.',
      '# In the container:',
      '#   DW_JOB_staging                   mount path of the #DW jobdw storage (gfs2: one directory 0/, 1/, ... per compute node); set only when the job supplies it',
      '#   DW_GLOBAL_archive                mount path of the global Lustre path',
      "#   NNF_CONTAINER_HOSTNAMES          host names of the workflow's containers, space separated",
      '#   NNF_CONTAINER_DOMAIN             the cluster DNS domain, e.g. default.svc.cluster.local',
      '#   NNF_CONTAINER_SUBDOMAIN          the subdomain: <HOSTNAME>.<SUBDOMAIN>.<DOMAIN> reaches another container',
      '#   NNF_NODE_NAME                    the NNF node the container runs on',
      '#   NNF_CONTAINER_PORTS              the 2 reserved ports, comma separated',
      '#   NNF_CONTAINER_PORTS_archive_app  the ports of container archive-app',
      '# On the compute nodes:',
      '#   NNF_CONTAINER_PORTS              the 2 reserved ports, comma separated',
    ]);
  });

  test('filled, it passes lint-job for the right uid and gid only', () => {
    const script = fill(directivesText(archiver));
    expect(lintJob(script, 'job.sh', [archiver], { uid: 1001, gid: 2000 })).toEqual([]);
    expect(lintJob(script, 'job.sh', [archiver], { uid: 1000, gid: 2000 }).map((f) => f.rule)).toEqual(['job/profile-uid']);
  });

  test('warns about a name no directive can select and storages no job can supply', () => {
    const odd = profile('Odd_Name', {
      createContainer: false,
      spec: { containers: [{ name: 'a', image: 'a:1' }] },
      storages: [
        { name: 'DW_JOB_bad-name', optional: true },
        { name: 'scratch', optional: false },
      ],
    });
    expect(directivesFor(odd)).toEqual([
      '# Odd_Name: a:1',
      '# Warning: the name Odd_Name does not match ^[a-z][a-z0-9-]+$, so no #DW container directive can select this profile.',
      '# Warning: storage DW_JOB_bad-name does not match ^(DW_JOB_|DW_PERSISTENT_|DW_GLOBAL_)[a-z][a-z0-9_]+$ and cannot be supplied.',
      '# Warning: storage scratch does not match ^(DW_JOB_|DW_PERSISTENT_|DW_GLOBAL_)[a-z][a-z0-9_]+$ and cannot be supplied, yet it is required: no job can use this profile; ask the administrator.',
      '# The container name is yours to choose.',
      '#DW container name=Odd_Name profile=Odd_Name',
      '# This profile launches no container (createContainer: false): NNF only mounts the storages.',
    ]);
  });
});

describe('property: for any profile a job can use, the filled directives pass lint-job', () => {
  const suffix = fc.stringMatching(/^[a-z][a-z0-9_]{1,12}$/);
  const storage = fc.record({ kind: fc.constantFrom('DW_JOB_', 'DW_PERSISTENT_', 'DW_GLOBAL_'), suffix, optional: fc.boolean() });
  const arbitraryProfile = fc.record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{1,20}$/),
    storages: fc.uniqueArray(storage, { selector: (s) => s.kind + s.suffix, maxLength: 6 }),
    mpi: fc.boolean(),
    numPorts: fc.integer({ min: 0, max: 4 }),
    userID: fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }),
    groupID: fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }),
  });

  test('directives → fill → lintJob finds nothing; only #DW lines hold placeholders', () => {
    fc.assert(
      fc.property(arbitraryProfile, (p) => {
        const container = { name: 'app', image: 'ghcr.io/example/app:1.0' };
        const data: Record<string, unknown> = {
          storages: p.storages.map((s) => ({ name: s.kind + s.suffix, optional: s.optional })),
          numPorts: p.numPorts || undefined,
          userID: p.userID,
          groupID: p.groupID,
          ...(p.mpi
            ? { mpiSpec: { launcher: { containers: [container] }, worker: { containers: [container] } } }
            : { spec: { containers: [container] } }),
        };
        const object = profile(p.name, data);
        const text = directivesText(object);
        const findings = lintJob(fill(text), 'job.sh', [object], { uid: p.userID, gid: p.groupID });
        expect(findings).toEqual([]);
        const directiveCount = text.split('\n').filter((l) => l.startsWith('#DW')).length;
        expect(directiveCount).toBe(1 + p.storages.filter((s) => s.kind !== 'DW_GLOBAL_').length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('directivesFor in the Flux and command-line forms', () => {
  const red = profile('red-rock-slushy', {
    spec: { containers: [{ name: 'app', image: 'dean/red-rock-slushy:v1.0' }] },
    storages: [
      { name: 'DW_JOB_foo_local_storage', optional: false },
      { name: 'DW_GLOBAL_archive', optional: true },
    ],
  });

  test('flux: the directives in one triple-quoted dw value, the comments around it', () => {
    expect(directivesFor(red, 'flux').slice(0, 8)).toEqual([
      '# red-rock-slushy: dean/red-rock-slushy:v1.0',
      '# Replace each <...>; the jobdw names and the container name are yours to choose.',
      '# Optional: DW_GLOBAL_archive. To run without it, delete DW_GLOBAL_archive=... from #DW container.',
      '# DW_GLOBAL_archive: a path on a global Lustre file system.',
      '#FLUX: --setattr=dw="""',
      '#FLUX: #DW jobdw type=<gfs2|lustre> capacity=<N>GiB name=foo-local-storage',
      '#FLUX: #DW container name=red-rock-slushy profile=red-rock-slushy DW_JOB_foo_local_storage=foo-local-storage DW_GLOBAL_archive=<lustre-path>',
      '#FLUX: """',
    ]);
  });

  test('fill replaces the placeholders of #FLUX: lines and of the command line, not of comments', () => {
    const filled = fill(directivesText(red, 'flux')).split('\n');
    expect(filled).toContain(
      '#FLUX: #DW container name=red-rock-slushy profile=red-rock-slushy DW_JOB_foo_local_storage=foo-local-storage DW_GLOBAL_archive=/lus/global/example',
    );
    expect(filled).toContain('# Replace each <...>; the jobdw names and the container name are yours to choose.');
    expect(
      fill(directivesText(red, 'command'))
        .split('\n')
        .find((l) => l.startsWith('flux ')),
    ).toBe(
      'flux batch --setattr=dw="#DW jobdw type=gfs2 capacity=100GiB name=foo-local-storage #DW container name=red-rock-slushy profile=red-rock-slushy DW_JOB_foo_local_storage=foo-local-storage DW_GLOBAL_archive=/lus/global/example" job.sh',
    );
  });

  test('the command line escapes what the shell would change inside double quotes', () => {
    const line = fluxCommand([
      '#DW jobdw type=xfs capacity=1GiB name=aa',
      '#DW copy_out source=$DW_JOB_aa/"out" destination=/lus/global/`x`\\y',
    ]);
    expect(line).toBe(
      'flux batch --setattr=dw="#DW jobdw type=xfs capacity=1GiB name=aa #DW copy_out source=\\$DW_JOB_aa/\\"out\\" destination=/lus/global/\\`x\\`\\\\y" job.sh',
    );
    // What the shell passes on is what was given: no unescaped variable, the reference resolves.
    expect(lintJob(`${line}\n`, 'job.sh', [])).toEqual([]);
  });
});
