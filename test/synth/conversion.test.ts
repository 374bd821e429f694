import * as path from 'node:path';
import shipped from '../../site';
import { loadedProfile } from '../helpers/shipped-site';
import { defineSite, type EnvironmentProps } from '../../src/site';
import { synthesize } from '../../src/synth/synthesize';

// Shipped profiles under the v1alpha6-v1alpha8 CRD, which stores v1alpha8.
const ROOT = path.resolve(__dirname, '..', '..');
const mpiProfile = loadedProfile(ROOT, 'profiles/mpi-red-rock-slushy.ts');
const plainProfile = loadedProfile(ROOT, 'profiles/red-rock-slushy.ts');

function synth(environment: Omit<EnvironmentProps, 'name'>, modules = [mpiProfile], apiVersion?: string) {
  const site = defineSite({ environments: [{ name: 'legacy', ...environment }], pullSecrets: shipped.pullSecrets, policy: shipped.policy });
  return synthesize(() => ({ default: site }), modules, { apiVersion });
}

const LOSSY = (field: string) =>
  `profiles/mpi-red-rock-slushy.ts: mpi-red-rock-slushy: ${field}: CRD v1alpha6-v1alpha8 stores v1alpha8, and converting v1alpha6 to v1alpha8 drops this field`;

describe('synth for an environment that names its CRD', () => {
  test('renders the storage version by default, with nothing to convert', () => {
    const result = synth({ crd: 'v1alpha6-v1alpha8' });
    expect(result.errors).toEqual([]);
    expect([...result.files.values()].join('\n')).toContain('apiVersion: nnf.cray.hpe.com/v1alpha8');
  });

  test('fails when a served version loses fields in conversion, naming the profile, the field and the versions', () => {
    const result = synth({ crd: 'v1alpha6-v1alpha8', apiVersion: 'v1alpha6' });
    expect(result.errors).toEqual([
      expect.stringContaining(LOSSY('mpiImplementation')),
      expect.stringContaining(LOSSY('runPolicy')),
      expect.stringContaining(LOSSY('sshAuthMountPath')),
    ]);
    expect(result.errors.every((e) => e.endsWith('[conversion/lossy]'))).toBe(true);
    expect(result.files.size).toBe(0);
  });

  test('renders a served version when conversion keeps every field', () => {
    expect(synth({ crd: 'v1alpha6-v1alpha8', apiVersion: 'v1alpha6' }, [plainProfile]).errors).toEqual([]);
  });

  test('warns instead with allowLossyConversion, and renders', () => {
    const result = synth({ crd: 'v1alpha6-v1alpha8', apiVersion: 'v1alpha6', allowLossyConversion: true });
    expect(result.errors).toEqual([]);
    expect(result.warnings.filter((w) => w.includes('[conversion/lossy]'))).toHaveLength(3);
    expect(result.files.size).toBeGreaterThan(0);
  });

  test('renders a one-off --api-version as asked, without the CRD and its conversion check', () => {
    const result = synth({ crd: 'v1alpha6-v1alpha8' }, [mpiProfile], 'v1alpha11');
    expect(result.errors).toEqual([]);
    expect([...result.files.values()].join('\n')).toContain('apiVersion: nnf.cray.hpe.com/v1alpha11');
  });
});
