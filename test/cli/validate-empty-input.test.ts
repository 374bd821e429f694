import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, runCli } from '../helpers/temp-site';

const PROFILE = `apiVersion: nnf.cray.hpe.com/v1alpha11
kind: NnfContainerProfile
metadata:
  name: sample
  namespace: nnf-system
data:
  spec:
    containers:
      - name: app
        image: alpine:3.20
`;

describe('nnf-profiles validate on input without objects', () => {
  let dir: string;
  const write = (name: string, content: string) => {
    fs.writeFileSync(path.join(dir, name), content);
    return name;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-validate-empty-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('fails when standard input is empty, with exit status 2', () => {
    const run = spawnSync(process.execPath, [CLI, 'validate', '-'], { input: '', encoding: 'utf8', cwd: dir });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 2,
      stdout: '',
      stderr: 'nnf-profiles validate: no objects on standard input\n',
    });
  });

  test.each([
    ['empty', ''],
    ['only a document separator', '---\n'],
    ['only separators and blank documents', '---\n---\n\n---\n'],
    ['only comments', '# kubectl get printed nothing\n# another comment\n'],
    ['comments and an explicit null document', '# nothing\n--- null\n...\n'],
  ])('fails when a file is %s, with exit status 2', (_what, content) => {
    const file = write('empty.yaml', content);
    const run = runCli(['validate', file], dir);
    expect(run).toEqual({ status: 2, stdout: '', stderr: 'nnf-profiles validate: no objects in empty.yaml\n' });
  });

  test('fails when one of several files has no objects, naming that one', () => {
    const good = write('good.yaml', PROFILE);
    const empty = write('nothing.yaml', '---\n');
    const run = runCli(['validate', good, empty], dir);
    expect(run).toEqual({ status: 2, stdout: '', stderr: 'nnf-profiles validate: no objects in nothing.yaml\n' });
  });

  test('accepts an empty kind: List, as kubectl prints for a namespace without profiles', () => {
    const file = write('list.yaml', 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
    const run = runCli(['validate', file], dir);
    expect(run).toEqual({ status: 0, stdout: 'validate: 0 profiles, 0 errors, 0 warnings\n', stderr: '' });
  });
});
