import { NNF_SOS_PROFILE_NAMES, nnfSosNameRules, type ProfileObject, profileRules, type RuleContext } from '../../../src/validate/rules';

const NEW: RuleContext = { version: 'v1alpha11', era: 'NnfPodSpec', profileNamespace: 'nnf-system' };

const named = (name: string): ProfileObject => ({
  metadata: { name, namespace: 'nnf-system' },
  data: { spec: { containers: [{ name: 'app', image: 'a:1' }] } },
});

describe('nnf-sos/profile-name', () => {
  test('knows the eight example profiles nnf-sos ships', () => {
    expect([...NNF_SOS_PROFILE_NAMES].sort()).toEqual([
      'example-fail',
      'example-forever',
      'example-forever-nowait',
      'example-mpi',
      'example-mpi-fail',
      'example-mpi-webserver',
      'example-randomly-fail',
      'example-success',
    ]);
  });

  test.each(NNF_SOS_PROFILE_NAMES)('fails when a profile is named %s, saying why and what to do', (name) => {
    expect(nnfSosNameRules(named(name), NEW)).toEqual([
      {
        layer: 'cluster',
        rule: 'nnf-sos/profile-name',
        path: 'metadata.name',
        message:
          `nnf-sos ships a profile named '${name}': its nnf-sos Argo CD Application deploys one of that name in nnf-system, so this one ` +
          `would fail the sync (FailOnSharedResource) or the two would overwrite each other; choose another name, e.g. with a site prefix ('mysite-${name}')`,
      },
    ]);
  });

  test.each(['mysite-example-mpi', 'example-mpi-2', 'example', 'red-rock-slushy'])('accepts %s', (name) => {
    expect(nnfSosNameRules(named(name), NEW)).toEqual([]);
  });

  test('is not among the rules validate runs on a cluster, which holds the nnf-sos examples themselves', () => {
    expect(profileRules).not.toContain(nnfSosNameRules);
    expect(profileRules.flatMap((rule) => rule(named('example-mpi'), NEW))).toEqual([]);
  });
});
