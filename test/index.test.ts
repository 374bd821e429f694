import * as path from 'node:path';
import * as ts from 'typescript';
import * as publicApi from '../src';

/**
 * `src/index.ts` is what profile files and `site.ts` import. A name added to it becomes part of
 * what authors may rely on, so the list is pinned: add to it on purpose, not by `export *`.
 */

const VALUES = ['ContainerProfile', 'MpiContainerProfile', 'PullSecret', 'Storage', 'arg', 'defineSite'];

const TYPES = [
  'ApiVersion',
  'Arg',
  'ArgoCdProps',
  'CommandArg',
  'ContainerPolicyProps',
  'ContainerProfileProps',
  'ContainerProps',
  'CrdName',
  'Environment',
  'EnvironmentProps',
  'ExistingSecretProps',
  'ExternalSecretProps',
  'GlobalStorageOptions',
  'ImagePullPolicy',
  'ImageRelocations',
  'MpiContainerProfileProps',
  'MpiContainerProps',
  'MpiImplementation',
  'PodProps',
  'PodSpecEraPodFields',
  'PolicyException',
  'PolicyRuleName',
  'PortRange',
  'Profile',
  'ProfileObjectAllowance',
  'ProfileProps',
  'PvcMode',
  'RbacProps',
  'RunPolicy',
  'SealedSecretProps',
  'SecretStoreRef',
  'Site',
  'SiteProps',
  'StorageOptions',
  'StoragePath',
  'SubjectsProps',
  'WorkloadManager',
];

test('src/index.ts exports at run time exactly what profiles and site.ts call', () => {
  expect(Object.keys(publicApi).sort()).toEqual([...VALUES].sort());
});

test('src/index.ts exports exactly the public values and types', () => {
  const index = path.resolve(__dirname, '..', 'src', 'index.ts');
  const program = ts.createProgram([index], { noEmit: true, skipLibCheck: true, noResolve: false, types: [] });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(index)!)!;
  const names = checker.getExportsOfModule(module).map((symbol) => symbol.name);
  expect(names.sort()).toEqual([...VALUES, ...TYPES].sort());
});
