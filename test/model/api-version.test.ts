import * as fs from 'node:fs';
import * as path from 'node:path';
import { API_VERSIONS, type ApiVersion, eraOf, isCrdName, NNF_CRDS, nnfCrd } from '../../src/model/api-version';

// Checked against the generated imports/ (committed), so this needs no ../shared.
const IMPORTS = path.resolve(__dirname, '..', '..', 'imports', 'nnfcontainerprofile');

interface VersionEntry {
  readonly version: string;
  readonly served: boolean;
  readonly storage: boolean;
}

const versions = JSON.parse(fs.readFileSync(path.join(IMPORTS, 'versions.json'), 'utf8')) as VersionEntry[];
const served = versions.filter((v) => v.served).map((v) => v.version);

type Json = { [key: string]: Json } | undefined;
const schemaOf = (version: string): Json => JSON.parse(fs.readFileSync(path.join(IMPORTS, `${version}.schema.json`), 'utf8')) as Json;
const mpiSpecProperties = (version: string): Json => schemaOf(version)?.properties?.data?.properties?.mpiSpec?.properties;

describe('API_VERSIONS', () => {
  it('is exactly the served versions of the upstream CRDs, in order', () => {
    expect([...API_VERSIONS]).toEqual(served);
  });

  it('leaves out the versions the CRDs declare but no longer serve', () => {
    const unserved = versions.filter((v) => !v.served).map((v) => v.version);
    expect(unserved.length).toBeGreaterThan(0); // v1alpha9 upstream; keeps this test meaningful
    expect(API_VERSIONS.filter((v) => unserved.includes(v))).toEqual([]);
  });
});

describe('eraOf', () => {
  it.each([...API_VERSIONS])('%s matches the shape of its schema', (version: ApiVersion) => {
    const mpi = mpiSpecProperties(version);
    const podSpecEra = mpi?.mpiReplicaSpecs !== undefined;
    const nnfPodSpecEra = mpi?.launcher !== undefined;
    expect(podSpecEra !== nnfPodSpecEra).toBe(true); // exactly one shape
    expect(eraOf(version)).toBe(podSpecEra ? 'PodSpec' : 'NnfPodSpec');
  });

  it('has both eras among the served versions', () => {
    expect(new Set(API_VERSIONS.map(eraOf))).toEqual(new Set(['PodSpec', 'NnfPodSpec']));
  });
});

describe('NNF_CRDS', () => {
  it('is exactly imports/nnfcontainerprofile/crds.json', () => {
    const crds = JSON.parse(fs.readFileSync(path.join(IMPORTS, 'crds.json'), 'utf8')) as unknown;
    expect(NNF_CRDS).toEqual(crds);
  });

  it('serves every supported version in exactly one CRD', () => {
    expect(NNF_CRDS.flatMap((crd) => crd.served as readonly string[]).sort()).toEqual([...API_VERSIONS].sort());
  });

  it('looks a CRD up by name, and knows no other', () => {
    expect(nnfCrd('v1alpha6-v1alpha8').storage).toBe('v1alpha8');
    expect(isCrdName('v1alpha9-v1alpha11')).toBe(true);
    expect(isCrdName('v1alpha6')).toBe(false);
  });
});
