import type { ApiVersion } from '../../src/model';
import { ContainerProfile, MpiContainerProfile, Storage } from '../../src/profile';
import { profileScope, validationErrors } from '../helpers/environment';

const errorsOf = (build: (scope: never) => unknown, apiVersion: ApiVersion = 'v1alpha11') => {
  const scope = profileScope('profiles/app.ts', apiVersion);
  build(scope as never);
  return validationErrors(scope);
};

describe('profile props checked at run time', () => {
  test('accept every documented prop', () => {
    const scratch = Storage.job('scratch');
    expect(
      errorsOf(
        (scope) =>
          new MpiContainerProfile(scope, 'app', {
            image: 'ghcr.io/example/app:1.0',
            storages: [scratch],
            retryLimit: 2,
            numPorts: 1,
            labels: { team: 'hpc' },
            policyExceptions: [],
            launcher: { containers: [{ name: 'launcher', command: ['mpirun', scratch.path()], env: [{ name: 'A', value: 'b' }] }] },
            worker: { containers: [{ name: 'worker' }], terminationGracePeriodSeconds: 5 },
          }),
      ),
    ).toEqual([]);
  });

  test('fails when a profile prop is inside a container, saying where it belongs', () => {
    const errors = errorsOf(
      (scope) => new ContainerProfile(scope, 'app', { containers: [{ name: 'app', image: 'a:1', numPorts: 2 } as never] }),
    );
    expect(errors).toEqual([
      'job: profiles/app.ts: app: containers[0].numPorts: numPorts is a prop of the profile, not of a container [props/unknown]',
    ]);
  });

  test('fails when a prop is unknown or misspelt, listing every one at once', () => {
    const errors = errorsOf(
      (scope) =>
        new ContainerProfile(scope, 'app', {
          bogusProp: 1,
          retryLimt: 3,
          image: 'a:1',
          containers: [{ name: 'app', image: 'a:1', comand: ['ls'], volumes: [] }],
          policyExceptions: [{ rule: 'privileged', reasn: 'needs a device' }],
        } as never),
    );
    expect(errors).toEqual([
      'job: profiles/app.ts: app: bogusProp: unknown prop [props/unknown]',
      "job: profiles/app.ts: app: retryLimt: unknown prop; did you mean 'retryLimit'? [props/unknown]",
      'job: profiles/app.ts: app: image: image is a prop of a container, not of the profile [props/unknown]',
      "job: profiles/app.ts: app: containers[0].comand: unknown prop; did you mean 'command'? [props/unknown]",
      'job: profiles/app.ts: app: containers[0].volumes: volumes is a prop of the profile, not of a container [props/unknown]',
      "job: profiles/app.ts: app: policyExceptions[0].reasn: unknown prop; did you mean 'reason'? [props/unknown]",
    ]);
  });

  test('fails when MPI props are misplaced, naming the path in launcher, worker and runPolicy', () => {
    const errors = errorsOf(
      (scope) =>
        new MpiContainerProfile(scope, 'app', {
          image: 'a:1',
          containers: [],
          launcher: { containers: [{ name: 'launcher', numPorts: 1 }], slotsPerWorker: 2 },
          worker: { containers: [{ name: 'worker' }], image: 'b:1' },
          runPolicy: { backofLimit: 1 },
        } as never),
      'v1alpha6',
    );
    expect(errors).toEqual([
      'job: profiles/app.ts: app: containers: containers is a prop of launcher or worker, not of the profile [props/unknown]',
      'job: profiles/app.ts: app: launcher.containers[0].numPorts: numPorts is a prop of the profile, not of a container [props/unknown]',
      'job: profiles/app.ts: app: launcher.slotsPerWorker: slotsPerWorker is a prop of the profile, not of launcher or worker [props/unknown]',
      'job: profiles/app.ts: app: worker.image: image is a prop of the profile or a container, not of launcher or worker [props/unknown]',
      "job: profiles/app.ts: app: runPolicy.backofLimit: unknown prop; did you mean 'backoffLimit'? [props/unknown]",
    ]);
  });

  test('fails when a value is of the wrong kind, alongside what the version cannot express', () => {
    const errors = errorsOf(
      (scope) =>
        new MpiContainerProfile(scope, 'app', {
          image: 'a:1',
          retryLimit: '3',
          copyOffload: 'yes',
          runPolicy: { suspend: true },
          launcher: { containers: [{ name: 'copy-offload' }] },
        } as never),
    );
    expect(errors).toEqual([
      'job: profiles/app.ts: app: retryLimit: must be a number, not a string [props/type]',
      'job: profiles/app.ts: app: copyOffload: must be a boolean, not a string [props/type]',
      expect.stringMatching(
        /^job: profiles\/app\.ts: app: runPolicy: v1alpha11 cannot express this field .*\[render\/unsupported-field\]$/,
      ),
    ]);
  });
});

describe('the description prop', () => {
  const withDescription = (description: unknown, extra: object = {}) =>
    errorsOf(
      (scope) => new ContainerProfile(scope, 'app', { description, containers: [{ name: 'app', image: 'a:1' }], ...extra } as never),
    );

  test('accepts one paragraph, line breaks within it too', () => {
    expect(withDescription('Runs the app.\nOn each Rabbit node  of the job.')).toEqual([]);
    expect(withDescription('x'.repeat(1000))).toEqual([]);
  });

  test('fails when misspelt or not a string, like every prop', () => {
    expect(
      errorsOf(
        (scope) => new ContainerProfile(scope, 'app', { descripton: 'Runs.', containers: [{ name: 'app', image: 'a:1' }] } as never),
      ),
    ).toEqual(["job: profiles/app.ts: app: descripton: unknown prop; did you mean 'description'? [props/unknown]"]);
    expect(withDescription(['Runs.'])).toEqual(['job: profiles/app.ts: app: description: must be a string, not an array [props/type]']);
  });

  test('fails when it is more than one paragraph, naming file, profile and field', () => {
    expect(withDescription('First paragraph.\n\nSecond.')).toEqual([
      'job: profiles/app.ts: app: description: has a blank line: a description is one paragraph (line breaks within it are fine); ' +
        'put longer documentation in the profile file or the site docs [props/description]',
    ]);
    expect(withDescription('First.\r\n  \t\r\nSecond.')).toEqual([expect.stringContaining('description: has a blank line')]);
  });

  test('fails when too long, empty, or holding control characters', () => {
    expect(withDescription('word '.repeat(250))).toEqual([
      'job: profiles/app.ts: app: description: is 1249 characters long, more than 1000: a description is one short paragraph; shorten it [props/description]',
    ]);
    expect(withDescription(' \n ')).toEqual([
      expect.stringMatching(/^job: profiles\/app\.ts: app: description: is empty; .* \[props\/description\]$/),
    ]);
    expect(withDescription('Rings\u0007 the bell.')).toEqual([
      'job: profiles/app.ts: app: description: has a control character; write plain text [props/description]',
    ]);
  });

  test('fails when the annotation it renders to is also set by hand', () => {
    expect(withDescription('Runs.', { annotations: { 'nnf-profiles/description': 'Other.' } })).toEqual([
      'job: profiles/app.ts: app: annotations.nnf-profiles/description: set by the description prop; write the text as description instead [props/description]',
    ]);
  });
});

describe('Storage options checked at run time', () => {
  test('fail when an option is misspelt, naming the factory and the option', () => {
    expect(() => Storage.job('scratch', { optinal: true } as never)).toThrow(
      "Storage.job('scratch'): options.optinal: unknown option; did you mean 'optional'?",
    );
  });

  test('fail when pvcMode is given to a storage that is not global', () => {
    expect(() => Storage.persistent('shared', { pvcMode: 'ReadOnlyMany' } as never)).toThrow(
      "Storage.persistent('shared'): options.pvcMode: pvcMode is an option of Storage.global, not of Storage.job and Storage.persistent",
    );
  });

  test('fail with every problem at once, the name’s first', () => {
    expect(() => Storage.global('Bad', { optional: 'yes', pvcmode: 'ReadOnlyMany' } as never)).toThrow(
      "Storage.global('Bad'):\n  'Bad' must match [a-z][a-z0-9_]+ (lower case, digits, underscores; it becomes an environment variable and a #DW argument)\n" +
        '  options.optional: must be a boolean, not a string\n' +
        "  options.pvcmode: unknown option; did you mean 'pvcMode'?",
    );
  });

  test('keep what valid options say', () => {
    expect(Storage.global('lus', { optional: true, pvcMode: 'ReadOnlyMany' }).toModel()).toEqual({
      name: 'DW_GLOBAL_lus',
      kind: 'global',
      optional: true,
      pvcMode: 'ReadOnlyMany',
    });
    expect(Storage.job('scratch').optional).toBe(false);
  });
});
