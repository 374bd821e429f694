import * as yaml from 'js-yaml';
import { synthesize } from '../../src/synth/synthesize';
import { copyName, EXAMPLE_NAMES, exampleCopy } from '../helpers/examples';
import { loadedProfile, shippedSiteFor } from '../helpers/shipped-site';
import { REPO_ROOT } from '../helpers/temp-site';

/**
 * The example profiles of examples/example-*.ts, as `nnf-profiles new --from` copies them into
 * profiles/, rendered in process for both API eras, with the fields that define each example's
 * behaviour checked one by one.
 */

const VERSIONS = ['v1alpha11', 'v1alpha6'] as const;
type Version = (typeof VERSIONS)[number];

// Rendered YAML is untyped; the tests walk it as plain data.
type Doc = any;

function render(example: string, apiVersion: Version): Doc {
  const name = copyName(example);
  const result = synthesize(shippedSiteFor(apiVersion), [exampleCopy(example)]);
  expect(result.errors).toEqual([]);
  const text = result.files.get(`t/nnfcontainerprofile-${name}.yaml`);
  expect(text).toBeDefined();
  const doc = yaml.load(text!) as Doc;
  expect(doc.apiVersion).toBe(`nnf.cray.hpe.com/${apiVersion}`);
  expect(doc.kind).toBe('NnfContainerProfile');
  expect(doc.metadata.name).toBe(name);
  expect(doc.metadata.name).toMatch(/^[a-z][a-z0-9-]+$/);
  expect(doc.metadata.namespace).toBe('nnf-system');
  expect(doc.data.pinned).toBe(false);
  return doc;
}

describe('the examples under their own names', () => {
  test('are the ones this test covers', () => {
    expect(EXAMPLE_NAMES).toEqual([
      'example-fail',
      'example-forever',
      'example-mpi',
      'example-mpi-fail',
      'example-mpi-webserver',
      'example-randomly-fail',
      'example-success',
    ]);
  });

  test.each(EXAMPLE_NAMES)('fails when %s is synthesized as it is, since nnf-sos ships a profile of that name', (example) => {
    const result = synthesize(shippedSiteFor('v1alpha11'), [loadedProfile(REPO_ROOT, `examples/${example}.ts`)]);
    expect(result.errors).toEqual([
      `cluster: examples/${example}.ts: ${example}: metadata.name: nnf-sos ships a profile named '${example}': its nnf-sos Argo CD Application ` +
        `deploys one of that name in nnf-system, so this one would fail the sync (FailOnSharedResource) or the two would overwrite ` +
        `each other; choose another name, e.g. with a site prefix ('mysite-${example}') [nnf-sos/profile-name]`,
    ]);
    expect(result.files.size).toBe(0);
  });
});

/** The launcher and worker pod specs, wherever the era keeps them. */
function mpiPods(doc: Doc, apiVersion: Version): { launcher: Doc; worker: Doc } {
  const mpi = doc.data.mpiSpec;
  expect(doc.data.spec).toBeUndefined();
  if (apiVersion === 'v1alpha6') {
    expect(mpi.launcher).toBeUndefined();
    expect(mpi.worker).toBeUndefined();
    expect(Object.keys(mpi.mpiReplicaSpecs).sort()).toEqual(['Launcher', 'Worker']);
    expect(mpi.mpiImplementation).toBe('OpenMPI');
    expect(mpi.sshAuthMountPath).toBe('/root/.ssh');
    expect(mpi.runPolicy).toEqual({ cleanPodPolicy: 'Running', suspend: false });
    expect(mpi.runPolicy.backoffLimit).toBeUndefined();
    return { launcher: mpi.mpiReplicaSpecs.Launcher.template.spec, worker: mpi.mpiReplicaSpecs.Worker.template.spec };
  }
  expect(mpi.mpiReplicaSpecs).toBeUndefined();
  expect(mpi.runPolicy).toBeUndefined();
  expect(mpi.mpiImplementation).toBeUndefined();
  expect(mpi.sshAuthMountPath).toBeUndefined();
  expect(mpi.copyOffload).toBe(false); // the schema default, written out
  return { launcher: mpi.launcher, worker: mpi.worker };
}

function singleContainer(doc: Doc): Doc {
  expect(doc.data.mpiSpec).toBeUndefined();
  expect(doc.data.spec.containers).toHaveLength(1);
  return doc.data.spec.containers[0];
}

const JOB_STORAGES = [
  { name: 'DW_JOB_local_storage', optional: false },
  { name: 'DW_PERSISTENT_persistent_storage', optional: true },
];

describe.each(VERSIONS)('example profiles for %s', (v) => {
  test('example-success sleeps and exits 0, with job, persistent and global storages', () => {
    const doc = render('example-success', v);
    const c = singleContainer(doc);
    expect(c.image).toMatch(/^alpine:/);
    expect(c.command).toEqual(['/bin/sh', '-c', 'sleep 10 && exit 0']);
    expect(doc.data.retryLimit).toBe(6);
    expect(doc.data.storages).toEqual([...JOB_STORAGES, { name: 'DW_GLOBAL_global_lustre', optional: true }]);
  });

  test('example-fail exits non-zero and declares no storages', () => {
    const doc = render('example-fail', v);
    const c = singleContainer(doc);
    expect(c.command.at(-1)).toMatch(/exit 1$/);
    expect(doc.data.storages ?? []).toEqual([]);
    expect(doc.data.retryLimit).toBe(6);
  });

  test('example-randomly-fail exits 0 or 1 at random with a small explicit retryLimit', () => {
    const doc = render('example-randomly-fail', v);
    expect(doc.data.retryLimit).toBe(2);
    const script: string = singleContainer(doc).command[2];
    expect(script).toContain('RANDOM % 2');
    expect(script).toMatch(/exit \$x$/);
    expect(doc.data.storages).toEqual(JOB_STORAGES);
  });

  test('example-forever never exits and has a short postRunTimeoutSeconds', () => {
    const doc = render('example-forever', v);
    expect(doc.data.postRunTimeoutSeconds).toBe(5);
    expect(doc.data.preRunTimeoutSeconds).toBe(300); // the schema default, written out
    expect(singleContainer(doc).command[2]).toMatch(/^while true; do .*done$/);
    // A deadline next to a post-run timeout is refused in the PodSpec era.
    expect(doc.data.spec.activeDeadlineSeconds).toBeUndefined();
  });

  test('example-mpi runs dcmp on two sub-paths of the job storage with nnf-mfu', () => {
    const doc = render('example-mpi', v);
    const { launcher, worker } = mpiPods(doc, v);
    expect(launcher.containers).toHaveLength(1);
    expect(launcher.containers[0].command).toEqual(['mpirun', 'dcmp', '$(DW_JOB_local_storage)/0', '$(DW_JOB_local_storage)/1']);
    expect(launcher.containers[0].image).toMatch(/^ghcr\.io\/nearnodeflash\/nnf-mfu:/);
    expect(worker.containers).toHaveLength(1);
    expect(worker.containers[0].image).toBe(launcher.containers[0].image);
    expect(worker.containers[0].command).toBeUndefined();
    expect(doc.data.mpiSpec.slotsPerWorker).toBe(1);
    expect(doc.data.storages).toEqual([
      ...JOB_STORAGES,
      { name: 'DW_GLOBAL_global_lustre', optional: true, pvcMode: 'ReadWriteMany' },
    ]);
  });

  test('example-mpi-fail launches a command that exits non-zero', () => {
    const doc = render('example-mpi-fail', v);
    const { launcher, worker } = mpiPods(doc, v);
    const command: string[] = launcher.containers[0].command;
    expect(command[0]).toBe('mpirun');
    expect(command.at(-1)).toMatch(/exit 1$/);
    expect(worker.containers).toHaveLength(1);
    expect(doc.data.storages ?? []).toEqual([]);
  });

  test('example-mpi-webserver reserves one port and serves the job storage on it', () => {
    const doc = render('example-mpi-webserver', v);
    expect(doc.data.numPorts).toBe(1);
    const { launcher, worker } = mpiPods(doc, v);
    const command: string[] = launcher.containers[0].command;
    expect(command.slice(0, 4)).toEqual(['mpirun', 'python3', '-m', 'http.server']);
    expect(command).toContain('$(DW_JOB_local_storage)');
    expect(command.at(-1)).toBe('$(NNF_CONTAINER_PORTS)');
    expect(worker.containers[0].image).toBe(launcher.containers[0].image);
    expect(doc.data.storages.find((s: Doc) => s.name.startsWith('DW_GLOBAL_'))).toEqual({
      name: 'DW_GLOBAL_global_lustre',
      optional: true,
      pvcMode: 'ReadWriteMany',
    });
  });
});

test('every example storage name can be passed in a #DW container directive', () => {
  for (const name of ['example-success', 'example-randomly-fail', 'example-forever', 'example-mpi', 'example-mpi-webserver']) {
    for (const s of render(name, 'v1alpha11').data.storages) {
      expect(s.name).toMatch(/^(DW_JOB_|DW_PERSISTENT_|DW_GLOBAL_)[a-z][a-z0-9_]+$/);
      if (s.pvcMode !== undefined) expect(s.name).toMatch(/^DW_GLOBAL_/);
    }
  }
});
