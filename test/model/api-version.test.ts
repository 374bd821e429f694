import * as fs from 'node:fs';
import * as path from 'node:path';
import { API_VERSIONS, type ApiVersion, eraOf } from '../../src/model/api-version';

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
