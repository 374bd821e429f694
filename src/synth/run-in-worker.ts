import { Worker } from 'node:worker_threads';
import { toolRoot } from '../tool-root';
import type { BuiltProject } from './bundle';
import type { SynthRequest, SynthResult } from './synthesize';

/**
 * The worker: evaluates the built site (as evaluateProject does) and runs its synthesize,
 * reporting each file it starts on, so the parent can tell which one never returns.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Module = require('node:module');
const { built, request, toolRoot } = workerData;
globalThis[Symbol.for('nnf-profiles.toolRoot')] = toolRoot;
if (built.sourceMaps) process.setSourceMapsEnabled(true);
const mod = new Module(built.filename);
mod.filename = built.filename;
mod.paths = built.modulePaths;
mod._compile(built.code, built.filename);
const result = mod.exports.synthesize({ ...request, onProgress: (step) => parentPort.postMessage({ step }) });
parentPort.postMessage({ result });
`;

export type WorkerRequest = Omit<SynthRequest, 'schemas' | 'onProgress'>;

function failed(message: string): SynthResult {
  return { errors: [message], warnings: [], exceptions: false, files: new Map(), environments: [], directories: [] };
}

/**
 * Runs synth in a worker thread. Profile modules are code: one that loops forever would hang
 * the run, so a step (loading or running one file, checking one environment) that takes longer
 * than `stepTimeoutSeconds` ends it with an error naming the file.
 */
export function synthesizeInWorker(built: BuiltProject, request: WorkerRequest, stepTimeoutSeconds: number): Promise<SynthResult> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { built, request, toolRoot: toolRoot() } });
    let step = 'site.ts';
    let timer: NodeJS.Timeout;
    const finish = (result: SynthResult) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const what = step.startsWith('(') ? `synth ${step.slice(1, -1)}` : step;
        finish(failed(`${what}: did not finish within ${stepTimeoutSeconds} s (an endless loop?); synth was stopped`));
      }, stepTimeoutSeconds * 1000);
    };
    arm();
    worker.on('message', (message: { step?: string; result?: SynthResult }) => {
      if (message.result) return finish(message.result);
      step = message.step ?? step;
      arm();
    });
    worker.on('error', (error) => finish(failed(`${step}: synth crashed: ${error.message}`)));
    worker.on('exit', (code) => finish(failed(`${step}: synth stopped unexpectedly (exit code ${code})`)));
  });
}
