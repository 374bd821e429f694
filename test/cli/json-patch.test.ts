import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempSite, runCli, siteSource, type TempSite } from '../helpers/temp-site';

/** A profile that changes its ApiObject after construction, as cdk8s users do. */
const patchedProfile = (patch: string) => `import type { Construct } from 'constructs';
import { JsonPatch } from 'cdk8s';
import { ContainerProfile } from '../src';
export default (scope: Construct) => {
  const profile = new ContainerProfile(scope, 'patched', {
    containers: [{ name: 'app', image: 'alpine:3.20', command: ['/app'] }],
  });
  ${patch}
  return profile;
};
`;

describe('ApiObject escape hatches in profile modules', () => {
  let site: TempSite;
  afterEach(() => site.remove());

  test('addJsonPatch and metadata added to apiObject reach dist/', () => {
    site = makeTempSite({
      'site.ts': siteSource([{ name: 'one', apiVersion: 'v1alpha11' }]),
      'profiles/patched.ts': patchedProfile(
        "profile.apiObject.addJsonPatch(JsonPatch.replace('/data/retryLimit', 3));\n  profile.apiObject.metadata.addLabel('team', 'hpc');",
      ),
    });
    const run = runCli(['synth'], site.root);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const written = fs.readFileSync(path.join(site.root, 'dist', 'one', 'nnfcontainerprofile-patched.yaml'), 'utf8');
    expect(written).toContain('  retryLimit: 3\n');
    expect(written).toContain('    team: hpc\n');
  });

  test('fails when a patch breaks the schema: patched objects are checked like any other', () => {
    site = makeTempSite({
      'site.ts': siteSource([{ name: 'one', apiVersion: 'v1alpha11' }]),
      'profiles/patched.ts': patchedProfile("profile.apiObject.addJsonPatch(JsonPatch.replace('/data/retryLimit', 'often'));"),
    });
    const run = runCli(['synth'], site.root);
    expect(run.status).toBe(1);
    // Reported at the prop the patched field belongs to, as a finding on any rendered field is.
    expect(run.stderr).toContain('cluster: profiles/patched.ts: patched: retryLimit: must be integer [schema/type]');
    expect(fs.existsSync(path.join(site.root, 'dist'))).toBe(false);
  });
});
