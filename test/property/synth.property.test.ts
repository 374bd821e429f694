import fc from 'fast-check';
import * as yaml from 'js-yaml';
import { API_VERSIONS, type ApiVersion, PROFILE_KIND } from '../../src/model';
import { arg, type Arg, ContainerProfile, MpiContainerProfile, Storage, type StoragePath } from '../../src/profile';
import { PullSecret } from '../../src/secrets/pull-secret';
import { defineSite } from '../../src/site';
import type { ProfileModule } from '../../src/synth/profile-modules';
import { synthesize } from '../../src/synth/synthesize';
import { SchemaRegistry, validateProfileObjects } from '../../src/validate';

/**
 * Property: whatever props a profile file passes, synth either renders objects the cluster's
 * schema accepts, as YAML that reads back as it was written, or refuses with messages naming a
 * file — never an uncaught exception — and its output does not depend on the order in which
 * profile files are found.
 *
 * Profiles are described as plain data (so fast-check can print and shrink them) and turned into
 * constructs inside each file's factory, as a profile file does: handles that throw on bad input
 * (Storage.job('Bad-Name'), PullSecret.existing('Bad_Name')) throw where synth catches them.
 */

const schemas = SchemaRegistry.fromArtifacts();
/** Runs of the main property (the order property makes a third as many); PROPERTY_RUNS=5000 for a soak. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
const DECLARED_SECRET = 'site-registry';

// ---------------------------------------------------------------------------------------------
// Descriptions

type StorageKind = 'job' | 'persistent' | 'global';
interface StorageSpec {
  readonly kind: StorageKind;
  readonly name: string;
  readonly optional: boolean;
  readonly pvcMode?: string;
}
/**
 * Text; a path to declared storage `storage` (modulo their count; -1: a storage the profile does
 * not declare; with none declared, the sub-path as text); or text around such a path.
 */
type ArgSpec =
  | { readonly text: string }
  | { readonly storage: number; readonly sub?: string }
  | { readonly before: string; readonly storage: number; readonly after: string };
interface ContainerSpec {
  readonly name: string;
  readonly image?: string;
  readonly command?: readonly ArgSpec[];
  readonly args?: readonly ArgSpec[];
  readonly env?: ReadonlyArray<{ name: string; value: string }>;
}
interface ProfileSpec {
  readonly name: string;
  readonly mpi: boolean;
  readonly image?: string;
  readonly storages: readonly StorageSpec[];
  readonly containers: readonly ContainerSpec[];
  readonly worker?: readonly ContainerSpec[];
  readonly pullSecrets: readonly string[];
  readonly numbers: Partial<
    Record<'retryLimit' | 'preRunTimeoutSeconds' | 'postRunTimeoutSeconds' | 'numPorts' | 'userID' | 'groupID' | 'slotsPerWorker', number>
  >;
  readonly createContainer?: boolean;
  readonly copyOffload?: boolean;
  readonly labels?: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries. Most profiles are drawn "clean" (every field as an author would write it, so they
// should render); the others "mixed" (each field sometimes odd: invalid names, undeclared
// storages, bad images, negative or fractional numbers, fields the version lacks, ...). Both
// outcomes, rendered and refused, are common that way.

/** How a field is drawn: `valid` only, or sometimes `odd`. */
type Draw = <T>(valid: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) => fc.Arbitrary<T>;
const clean: Draw = (valid) => valid;
const mixed: Draw = (valid, odd) => fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: odd });

/** Absent `absent` times in `absent + 1`, else a value. */
const sometimes = <T>(value: fc.Arbitrary<T>, absent = 3): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });

// fc.stringMatching is slow to generate from (most of a run went there); words are built instead.
/** `first`, then up to `max` of `rest`, then `last`: a word of a pattern like `^[a-z][a-z0-9-]*[a-z0-9]$`. */
const word = (first: string, rest: string, last: string, max: number) =>
  fc
    .tuple(fc.constantFrom(...first), fc.array(fc.constantFrom(...rest), { maxLength: max }), fc.constantFrom(...last))
    .map(([a, middle, z]) => `${a}${middle.join('')}${z}`);
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';

const validName = word(LOWER, `${LOWER}${DIGITS}-`, `${LOWER}${DIGITS}`, 20);
const oddName = fc.oneof(
  fc.constantFrom(
    'Bad-Name',
    'UPPER',
    'a',
    '-lead',
    'trail-',
    'has space',
    'dots.in.name',
    '1digit',
    'under_score',
    'x'.repeat(300),
    'ünï',
    ': ',
  ),
  // Any text a file name can hold.
  fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/[/\\\0]/.test(s) && s.trim() !== '' && s !== '.' && s !== '..'),
);
const validStorageName = word(LOWER, `${LOWER}${DIGITS}_`, `${LOWER}${DIGITS}_`, 11);
const oddStorageName = fc.constantFrom('Bad-Name', 'x', 'DW_JOB_ok_name', 'DW_PERSISTENT_other', 'dw_lower', '9lives', 'a-b', '');

/** Text an author might pass: anything, and YAML look-alikes that must stay strings. */
const plainText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 16 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '$$(ESCAPED)',
      '$(',
      'cost: $5',
      'key: value',
      '- item',
      '"quoted"',
      "'single'",
      '#comment',
      'multi\nline',
      ' padded ',
      '',
      'null',
      '~',
      'true',
      'no',
      '0x1F',
      '1e3',
      '0755',
      '2024-01-01',
      '*anchor',
      '&ref',
      '!!str',
      '$(NNF_CONTAINER_HOSTNAMES)',
    ),
  },
);
/** `$(...)` that Kubernetes would leave unexpanded here. */
const unresolvedText = fc.constantFrom(
  '$(DW_JOB_scratch)',
  '$(UNDEFINED_VAR)',
  '$()',
  '$(not a name)',
  '--flag=$(HOME)/x',
  '$(NNF_CONTAINER_PORTS)',
);

const validImage = fc.constantFrom(
  'ghcr.io/nearnodeflash/nnf-mfu:v0.1.4',
  'docker.io/library/busybox:1.36',
  'dean/red-rock-slushy:v1.0',
  'localhost:5000/a/b:2',
  `registry.example.com:5000/a/b@sha256:${'a'.repeat(64)}`,
);
const oddImage = fc.oneof(
  fc.constantFrom('busybox', 'busybox:latest', 'UPPER/case:1', '', ' spaced:1', 'x@sha256:short', 'a:b:c', 'ghcr.io/', ':tag'),
  fc.string({ maxLength: 20 }),
);

/** A number field: absent half the time, else in range, or (odd) negative, fractional or huge. */
const numberField = (draw: Draw, min: number, max: number) =>
  sometimes(draw(fc.integer({ min, max }), fc.constantFrom(-1, -300, 2.5, 2 ** 31, 1e12)), 1);

function profileSpecArbitrary(draw: Draw, odd: boolean): fc.Arbitrary<ProfileSpec> {
  const text = draw(plainText, unresolvedText);
  const storageSpec: fc.Arbitrary<StorageSpec> = fc.record(
    {
      kind: fc.constantFrom<StorageKind>('job', 'persistent', 'global'),
      name: draw(validStorageName, oddStorageName),
      optional: fc.boolean(),
      pvcMode: draw(fc.constantFrom('ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOnce', 'ReadWriteOncePod'), fc.constantFrom('Bogus', '')),
    },
    { requiredKeys: ['kind', 'name', 'optional'] },
  );
  const storageIndex = draw(fc.nat(3), fc.constant(-1));
  const subPath = fc.constantFrom(undefined, 'out', '/in/data', 'a b', 'x: y', '$$(X)');
  const argSpec: fc.Arbitrary<ArgSpec> = fc.oneof(
    { weight: 2, arbitrary: fc.record({ text }) },
    { weight: 2, arbitrary: fc.record({ storage: storageIndex, sub: subPath }, { requiredKeys: ['storage'] }) },
    { weight: 1, arbitrary: fc.record({ before: text, storage: storageIndex, after: text }) },
  );
  const image = draw(validImage, oddImage);
  // Objects handed to the constructs have Object's prototype: see 'null-prototype props' below.
  const envVar = fc.record(
    { name: draw(word(`${UPPER}_`, `${UPPER}${DIGITS}_`, `${UPPER}${DIGITS}_`, 9), fc.string({ maxLength: 8 })), value: text },
    { noNullPrototype: true },
  );
  const containerSpec = (withImage: boolean): fc.Arbitrary<ContainerSpec> =>
    fc.record(
      {
        name: draw(validName, fc.oneof(oddName, fc.constantFrom('copy-offload', 'app'))),
        image: withImage ? image : sometimes(image),
        command: fc.array(argSpec, { maxLength: 3 }),
        args: fc.array(argSpec, { maxLength: 3 }),
        env: fc.array(envVar, { maxLength: 2 }),
      },
      { requiredKeys: withImage ? ['name', 'image'] : ['name'] },
    );
  const containers = (withImage: boolean) =>
    draw(fc.array(containerSpec(withImage), { minLength: 1, maxLength: 2 }), fc.constant<ContainerSpec[]>([]));
  const labelKey = draw(
    fc.constantFrom('team', 'example.com/owner', 'app.kubernetes.io/part-of'),
    fc.oneof(fc.constantFrom('Bad Key', 'a/b/c'), fc.string({ maxLength: 6 })),
  );
  const labelValue = draw(word(`${LOWER}${DIGITS}`, `${LOWER}${DIGITS}-`, `${LOWER}${DIGITS}`, 8), text);

  return fc.boolean().chain((mpi) =>
    fc.record(
      {
        // Names of Object.prototype members are a known gap (see the end of this file).
        name: draw(validName, oddName).filter((name) => !(name in Object.prototype)),
        mpi: fc.constant(mpi),
        // An MPI profile's image is what its containers default to; none and no container image is refused.
        image: mpi ? draw(image, fc.constant(undefined)) : fc.constant(undefined),
        storages: fc.array(storageSpec, { maxLength: 3 }),
        containers: containers(!mpi),
        worker: mpi ? sometimes(containers(false), 1) : fc.constant(undefined),
        pullSecrets: fc.array(draw(fc.constant(DECLARED_SECRET), fc.constantFrom('undeclared-registry', 'Bad_Secret')), { maxLength: 2 }),
        numbers: fc.record({
          retryLimit: numberField(draw, 0, 10),
          preRunTimeoutSeconds: numberField(draw, 0, 3000),
          postRunTimeoutSeconds: numberField(draw, 0, 3000),
          numPorts: numberField(draw, 0, 8),
          userID: numberField(draw, 0, 65535),
          groupID: numberField(draw, 0, 65535),
          slotsPerWorker: numberField(draw, 1, 8),
        }),
        // Only some versions have these: set only in mixed profiles.
        createContainer: odd ? sometimes(fc.boolean()) : fc.constant(undefined),
        copyOffload: mpi && odd ? sometimes(fc.boolean()) : fc.constant(undefined),
        labels: sometimes(fc.dictionary(labelKey, labelValue, { maxKeys: 2, noNullPrototype: true })),
      },
      { requiredKeys: ['name', 'mpi', 'storages', 'containers', 'pullSecrets', 'numbers'] },
    ),
  );
}

const profileSpec = fc.oneof(
  { weight: 3, arbitrary: profileSpecArbitrary(clean, false) },
  { weight: 1, arbitrary: profileSpecArbitrary(mixed, true) },
);

/** 1–3 profiles with distinct names (files in one directory have distinct names). */
const profileSet = fc.uniqueArray(profileSpec, { minLength: 1, maxLength: 3, selector: (p) => p.name });
const environments = fc.uniqueArray(
  fc.record({ name: fc.constantFrom('prod', 'legacy', 'test'), apiVersion: fc.constantFrom<ApiVersion>(...API_VERSIONS) }),
  { minLength: 1, maxLength: 2, selector: (e) => e.name },
);

// ---------------------------------------------------------------------------------------------
// Descriptions → profile modules

function buildStorage(spec: StorageSpec): Storage {
  if (spec.kind === 'job') return Storage.job(spec.name, { optional: spec.optional });
  if (spec.kind === 'persistent') return Storage.persistent(spec.name, { optional: spec.optional });
  return Storage.global(spec.name, { optional: spec.optional, pvcMode: spec.pvcMode as never });
}

function buildArg(spec: ArgSpec, paths: (index: number, sub?: string) => StoragePath | undefined): Arg {
  if ('text' in spec) return spec.text;
  const path = paths(spec.storage, 'sub' in spec ? spec.sub : undefined);
  if ('before' in spec) return path ? arg`${spec.before}${path}${spec.after}` : `${spec.before}${spec.after}`;
  return path ?? spec.sub ?? '';
}

function moduleFor(spec: ProfileSpec): ProfileModule {
  const file = `profiles/${spec.name}.ts`;
  // Everything is built inside the factory, as in a profile file, so a throwing handle is the
  // file's error and not the test's.
  const factory = (scope: never) => {
    const storages = spec.storages.map(buildStorage);
    const paths = (index: number, sub?: string) => {
      if (index < 0) return Storage.job('not_declared').path(sub);
      return storages.length > 0 ? storages[index % storages.length].path(sub) : undefined;
    };
    const container = (c: ContainerSpec) => ({
      name: c.name,
      ...(c.image !== undefined ? { image: c.image } : {}),
      ...(c.command && c.command.length > 0 ? { command: c.command.map((a) => buildArg(a, paths)) } : {}),
      ...(c.args && c.args.length > 0 ? { args: c.args.map((a) => buildArg(a, paths)) } : {}),
      ...(c.env && c.env.length > 0 ? { env: c.env } : {}),
    });
    const { slotsPerWorker, ...given } = spec.numbers;
    const numbers = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
    const common = {
      storages,
      pullSecrets: spec.pullSecrets.map((name) => PullSecret.existing(name)),
      ...numbers,
      ...(spec.createContainer !== undefined ? { createContainer: spec.createContainer } : {}),
      ...(spec.labels ? { labels: spec.labels } : {}),
    };
    if (spec.mpi) {
      return new MpiContainerProfile(scope, spec.name, {
        ...common,
        ...(spec.image !== undefined ? { image: spec.image } : {}),
        ...(slotsPerWorker !== undefined ? { slotsPerWorker } : {}),
        ...(spec.copyOffload !== undefined ? { copyOffload: spec.copyOffload } : {}),
        launcher: { containers: spec.containers.map(container) },
        ...(spec.worker ? { worker: { containers: spec.worker.map(container) } } : {}),
      });
    }
    return new ContainerProfile(scope, spec.name, { ...common, containers: spec.containers.map(container) as never });
  };
  return { file, load: () => ({ default: factory }) };
}

function siteOf(envs: ReadonlyArray<{ name: string; apiVersion: ApiVersion }>) {
  const site = defineSite({ environments: envs, pullSecrets: [PullSecret.existing(DECLARED_SECRET)] });
  return () => ({ default: site });
}

const run = (envs: ReadonlyArray<{ name: string; apiVersion: ApiVersion }>, modules: readonly ProfileModule[]) =>
  synthesize(siteOf(envs), modules, { schemas, root: process.cwd() });

const DUMP_OPTIONS: yaml.DumpOptions = { noRefs: true, lineWidth: -1, sortKeys: false };
/** A message names where the problem is: one of the profile files, site.ts or an output file. */
const namesAFile = (message: string, modules: readonly ProfileModule[]) =>
  modules.some((m) => message.includes(m.file)) || message.includes('site.ts') || /\.yaml\b/.test(message);

// ---------------------------------------------------------------------------------------------
// Properties

describe('synth of random profiles (property)', () => {
  test('renders schema-valid, round-tripping YAML or refuses with messages naming a file; never throws', () => {
    let rendered = 0;
    let refused = 0;
    fc.assert(
      fc.property(environments, profileSet, (envs, specs) => {
        const modules = specs.map(moduleFor);
        const result = run(envs, modules);
        if (result.errors.length > 0) {
          refused++;
          expect(result.files.size).toBe(0);
          for (const error of result.errors) {
            expect(typeof error).toBe('string');
            if (!namesAFile(error, modules)) throw new Error(`this message names no file: ${error}`);
          }
          return;
        }
        rendered++;
        // Every YAML file reads back as exactly what was written.
        for (const [path, content] of result.files) {
          if (!path.endsWith('.yaml')) continue;
          expect(yaml.dump(yaml.load(content), DUMP_OPTIONS)).toBe(content);
        }
        // Each environment holds every profile, and the cluster's schema and rules accept them.
        for (const env of envs) {
          const profiles = specs.map((spec) => {
            const path = `${env.name}/${PROFILE_KIND.toLowerCase()}-${spec.name}.yaml`;
            const content = result.files.get(path);
            if (content === undefined) throw new Error(`${path} was not rendered`);
            return { file: path, object: yaml.load(content) };
          });
          const findings = validateProfileObjects(profiles, { schemas, profileNamespace: 'nnf-system' });
          expect(findings.filter((f) => f.layer !== 'lint')).toEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
    // The generators are worth something only if they reach both outcomes (about 45 % render).
    expect(rendered).toBeGreaterThan(30);
    expect(refused).toBeGreaterThan(30);
  });

  test('output does not depend on the order profile files are found in', () => {
    fc.assert(
      fc.property(
        environments,
        profileSet.chain((specs) =>
          fc.tuple(fc.constant(specs), fc.shuffledSubarray(specs, { minLength: specs.length, maxLength: specs.length })),
        ),
        (envs, [specs, shuffled]) => {
          const a = run(envs, specs.map(moduleFor));
          const b = run(envs, shuffled.map(moduleFor));
          expect(new Map([...b.files].sort())).toEqual(new Map([...a.files].sort()));
          expect([...b.files.keys()].sort()).toEqual([...a.files.keys()].sort());
          for (const [path, content] of a.files) expect(b.files.get(path)).toBe(content);
          expect([...b.errors].sort()).toEqual([...a.errors].sort());
          expect([...b.warnings].sort()).toEqual([...a.warnings].sort());
        },
      ),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});

/** Counterexamples the properties above found, kept as regression tests. */
describe('counterexamples found by the properties', () => {
  const prod = [{ name: 'prod', apiVersion: 'v1alpha11' as ApiVersion }];
  const simple = (file: string, env: unknown[] = []): ProfileModule => ({
    file,
    load: () => ({
      default: (scope: never) =>
        new ContainerProfile(scope, 'app', { containers: [{ name: 'app', image: 'docker.io/library/busybox:1.36', env: env as never }] }),
    }),
  });

  // discoverProfileFiles lists profiles/.ts; its ProfileSource gets the empty construct id.
  test('a profile file named profiles/.ts is refused with a message, not an exception', () => {
    const result = run(prod, [simple('profiles/.ts')]);
    expect(result.errors.some((e) => e.includes('profiles/.ts'))).toBe(true);
  });

  // constructs keeps a scope's children in a plain object, so an id that is an Object.prototype
  // member ('constructor', 'toString', '__proto__', ...) "already exists".
  test.each(['constructor', 'toString', '__proto__'])('a profile named %s renders or is refused, without an exception', (name) => {
    const module: ProfileModule = {
      file: `profiles/${name}.ts`,
      load: () => ({
        default: (scope: never) =>
          new ContainerProfile(scope, name, { containers: [{ name: 'app', image: 'docker.io/library/busybox:1.36' }] }),
      }),
    };
    expect(() => run(prod, [module])).not.toThrow();
  });

  // cdk8s's NumberStringUnionResolver takes an object whose constructor is not Object and that has
  // a string or number `value` for an IntOrString-like union and keeps only { value }.
  test('props with a null prototype render as the same props with Object’s prototype do', () => {
    const plain = run(prod, [simple('profiles/app.ts', [{ name: 'MODE', value: 'fast' }])]);
    const bare = run(prod, [simple('profiles/app.ts', [Object.assign(Object.create(null), { name: 'MODE', value: 'fast' })])]);
    expect(plain.errors).toEqual([]);
    expect(bare.errors).toEqual([]);
    expect(bare.files).toEqual(plain.files);
  });
});
