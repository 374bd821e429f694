import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { REPO_ROOT } from '../helpers/temp-site';

const DIST = path.join(REPO_ROOT, 'dist');
/** Every folder below dist/ that holds a kustomization.yaml (an environment's admission policy too), relative to dist/. */
function kustomizations(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const relative = `${prefix}${entry.name}`;
      const here = fs.existsSync(path.join(dir, entry.name, 'kustomization.yaml')) ? [relative] : [];
      return [...here, ...kustomizations(path.join(dir, entry.name), `${relative}/`)];
    });
}
const environments = kustomizations(DIST);

describe('kubectl kustomize', () => {
  test('there is something to build, the admission policies included', () => {
    expect(environments).toEqual(expect.arrayContaining(['argocd', 'production', 'production/admission']));
  });

  test.each(environments)('builds dist/%s into exactly the objects listed', (environment) => {
    const dir = path.join(DIST, environment);
    const build = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    const built = yaml.loadAll(build.stdout) as Array<{ kind: string; metadata: { name: string } }>;
    const listed = (yaml.load(fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as { resources: string[] }).resources;
    const expected = listed.map((file) => yaml.load(fs.readFileSync(path.join(dir, file), 'utf8')));
    const key = (o: { kind: string; metadata: { name: string } }) => `${o.kind}/${o.metadata.name}`;
    expect(built.map(key).sort()).toEqual((expected as typeof built).map(key).sort());
    expect(built).toEqual(expect.arrayContaining(expected));
  });
});
