import * as path from 'node:path';
import { makeTempSite, runCli, siteSource, snapshotDir, type TempSite } from '../helpers/temp-site';

/** A profile file whose container and profile props are given as source text. */
const profile = (name: string, profileProps: string, containerProps = '') => `import type { Construct } from 'constructs';
import { ContainerProfile } from '../src';
export default (scope: Construct) =>
  new ContainerProfile(scope, '${name}', {
    ${profileProps}
    containers: [{ name: 'app', image: 'alpine:3.20', ${containerProps} }],
  });
`;

describe('nnf-profiles synth checks the props authors write', () => {
  let site: TempSite;
  let before: Record<string, string>;
  beforeEach(() => {
    site = makeTempSite({ 'site.ts': siteSource([{ name: 'new' }]), 'profiles/good.ts': profile('good', '') });
    expect(runCli(['synth'], site.root).status).toBe(0);
    before = snapshotDir(path.join(site.root, 'dist'));
  });
  afterEach(() => site.remove());

  const expectDistUntouched = () => expect(snapshotDir(path.join(site.root, 'dist'))).toEqual(before);

  test('fails when a profile has an unknown, misspelt or misplaced prop, naming file, path and hint, and leaves dist/ as it was', () => {
    site.write('profiles/ports.ts', profile('ports', '', 'numPorts: 2,'));
    site.write('profiles/bogus.ts', profile('bogus', 'bogusProp: 1,'));
    site.write('profiles/retries.ts', profile('retries', 'retryLimt: 3,'));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'synth failed with 3 errors; dist/ was left as it was:\n' +
        '  job: profiles/bogus.ts: bogus: bogusProp: unknown prop [props/unknown]\n' +
        '  job: profiles/ports.ts: ports: containers[0].numPorts: numPorts is a prop of the profile, not of a container [props/unknown]\n' +
        "  job: profiles/retries.ts: retries: retryLimt: unknown prop; did you mean 'retryLimit'? [props/unknown]\n",
    );
    expectDistUntouched();
  });

  test('fails when a storage option is misspelt, naming file, line, factory and option', () => {
    site.write(
      'profiles/scratchy.ts',
      `import type { Construct } from 'constructs';
import { ContainerProfile, Storage } from '../src';
const scratch = Storage.job('scratch', { optinal: true });
export default (scope: Construct) =>
  new ContainerProfile(scope, 'scratchy', { storages: [scratch], containers: [{ name: 'app', image: 'alpine:3.20' }] });
`,
    );
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "profiles/scratchy.ts: loading the module failed: Storage.job('scratch'): options.optinal: unknown option; did you mean 'optional'? (profiles/scratchy.ts:3)",
    );
    expectDistUntouched();
  });

  test('fails when site.ts misspells a setting, naming the file and the setting', () => {
    site.write('site.ts', siteSource([{ name: 'new', apiVerison: 'v1alpha6' }]));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("site.ts: site settings:\n  environments[0].apiVerison: unknown setting; did you mean 'apiVersion'?");
    expectDistUntouched();
  });

  test('fails when site.ts names a workload manager other than flux or slurm, naming the file and the setting', () => {
    site.write('site.ts', siteSource([{ name: 'new', workloadManager: 'pbs' }]));
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `site.ts: site settings:\n  environments[0] (new).workloadManager: "pbs" is not one of flux, slurm (omit it for bare #DW lines, as with 'slurm')`,
    );
    expectDistUntouched();
  });
});
