import * as path from 'node:path';
import { makeTempSite, runCli, siteSource, snapshotDir, type TempSite } from '../helpers/temp-site';

const profile = (name: string, env = '') => `import type { Construct } from 'constructs';
import { ContainerProfile } from '../src';
export default (scope: Construct) =>
  new ContainerProfile(scope, '${name}', {
    containers: [{ name: 'app', image: 'alpine:3.20', command: ['/app/run']${env} }],
  });
`;

describe('nnf-profiles synth refuses', () => {
  let site: TempSite;
  beforeEach(() => {
    site = makeTempSite({
      'site.ts': siteSource([{ name: 'new' }, { name: 'old', apiVersion: 'v1alpha6' }]),
      'profiles/app.ts': profile('app'),
    });
    expect(runCli(['synth'], site.root).status).toBe(0);
  });
  afterEach(() => site.remove());

  test('fails when a container env var holds a literal credential, naming file, profile, path and the fix; dist/ stays as it was', () => {
    // GIVEN a synthesized site
    const before = snapshotDir(path.join(site.root, 'dist'));
    // WHEN a profile puts a password into its env
    const value = ['not', 'real', String(7 * 6)].join('-');
    site.write(
      'profiles/app.ts',
      profile('app', `, env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'DB_PASSWORD', value: '${value}' }]`),
    );
    const run = runCli(['synth'], site.root);
    // THEN synth fails once for both environments, at the prop path, without printing the value
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'synth failed with 1 error; dist/ was left as it was:\n' +
        "  [new, old] policy: profiles/app.ts: app: containers[0].env[1].value: env var 'DB_PASSWORD' has a literal value, and its name says " +
        'it holds a credential: everyone who can read this repository or the profiles in the cluster can read it; take it from a Secret ' +
        "instead: valueFrom: { secretKeyRef: { name: '<secret>', key: '<key>' } }, naming a Secret in the container namespace that an " +
        "administrator creates out of band or External Secrets builds from the site's secret store [secrets/env-credential]\n",
    );
    expect(run.stdout + run.stderr).not.toContain(value);
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(before);
  });

  test('fails when a profile takes a name nnf-sos ships, saying why and what to do; dist/ stays as it was', () => {
    const before = snapshotDir(path.join(site.root, 'dist'));
    site.write('profiles/example-mpi.ts', profile('example-mpi'));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "profiles/example-mpi.ts: example-mpi: metadata.name: nnf-sos ships a profile named 'example-mpi': its nnf-sos Argo CD Application deploys one " +
        'of that name in nnf-system, so this one would fail the sync (FailOnSharedResource) or the two would overwrite each other; ' +
        "choose another name, e.g. with a site prefix ('mysite-example-mpi') [nnf-sos/profile-name]",
    );
    expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(before);
  });
});
