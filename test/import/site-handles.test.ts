import { pullSecretDeclaration, siteAdvice, siteHandles } from '../../src/import';
import { loadSiteExports } from '../../src/synth/site-code';
import { PullSecret } from '../../src/secrets/pull-secret';
import { REPO_ROOT } from '../helpers/temp-site';

describe('siteHandles', () => {
  test('finds the pull secret handles the shipped site.ts exports and lists', () => {
    const handles = siteHandles(loadSiteExports(REPO_ROOT));
    expect(handles.exported).toEqual({ 'readonly-red-rock-slushy': 'readonlyRedRockSlushy' });
    expect([...handles.declared]).toEqual(['readonly-red-rock-slushy']);
  });

  test('tells exported handles from handles the site lists', () => {
    const exported = PullSecret.existing('a');
    const inline = PullSecret.existing('b');
    const handles = siteHandles({ exported, other: 42, default: { pullSecrets: [inline] } });
    expect(handles.exported).toEqual({ a: 'exported' });
    expect([...handles.declared]).toEqual(['b']);
  });
});

describe('siteAdvice', () => {
  const use = { name: 'my-registry', identifier: 'myRegistry' };

  test('prints the declaration for a secret site.ts has no handle for', () => {
    expect(pullSecretDeclaration(use)).toBe("export const myRegistry = PullSecret.existing('my-registry');");
    const advice = siteAdvice([use, use], { exported: {}, declared: new Set() });
    expect(advice).toEqual([
      "The imported profiles import myRegistry from site.ts, which does not export it yet. Declare it there (with PullSecret from './src'), e.g. as made out of band:",
      '',
      "  export const myRegistry = PullSecret.existing('my-registry');",
      '',
      "and list it in defineSite({ pullSecrets: [myRegistry] }). 'nnf-profiles pull-secret NAME' then prints the commands that create it; " +
        'PullSecret.externalSecret or PullSecret.sealedSecret provision it from this repository instead.',
    ]);
  });

  test('asks to list an exported handle the site does not list', () => {
    expect(siteAdvice([use], { exported: { 'my-registry': 'myRegistry' }, declared: new Set() })).toEqual([
      'site.ts exports myRegistry but does not list it in defineSite({ pullSecrets: [...] }); add it there.',
    ]);
  });

  test('says nothing when site.ts exports and lists every handle', () => {
    expect(siteAdvice([use], { exported: { 'my-registry': 'myRegistry' }, declared: new Set(['my-registry']) })).toEqual([]);
  });
});
