import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './temp-site';

/** The file system calls of the output writer that change something. */
export const CHANGING_CALLS = ['mkdirSync', 'openSync', 'renameSync', 'rmSync', 'rmdirSync', 'writeFileSync', 'writeSync'];

/**
 * Builds, in `dir`, a program that runs the real output writer in a process of its own and kills
 * that process (SIGKILL) at the changing file system call for which `killWhen` — the source of a
 * JavaScript function `(name, args, count) => boolean` — first returns true. Returns a function
 * that runs it: the output folder, the files to write, and a number the predicate sees as `limit`.
 */
export function killableWriter(
  dir: string,
  killWhen: string,
): (out: string, files: ReadonlyMap<string, string>, limit?: number) => NodeJS.Signals | null {
  const program = path.join(dir, 'killable-writer.js');
  esbuild.buildSync({
    stdin: {
      contents: `
        const fs = require('node:fs');
        const { writeOutput } = require(${JSON.stringify(path.join(REPO_ROOT, 'src/output/write-output.ts'))});
        const [out, filesFile, limit] = process.argv.slice(2);
        const killWhen = ${killWhen};
        const changing = ${JSON.stringify(CHANGING_CALLS)};
        let count = 0;
        const io = new Proxy(fs, { get(target, name) {
          const real = target[name];
          if (!changing.includes(name)) return real;
          return (...args) => {
            // Opening for reading changes nothing.
            if (!(name === 'openSync' && args[1] === 'r') && killWhen(name, args, ++count, Number(limit))) process.kill(process.pid, 'SIGKILL');
            return real.apply(target, args);
          };
        } });
        writeOutput(out, new Map(JSON.parse(fs.readFileSync(filesFile, 'utf8'))), undefined, io);
      `,
      resolveDir: REPO_ROOT,
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    packages: 'external',
    outfile: program,
    logLevel: 'silent',
  });
  const written = new Map<ReadonlyMap<string, string>, string>();
  return (out, files, limit = 0) => {
    let filesFile = written.get(files);
    if (!filesFile) {
      filesFile = path.join(dir, `files-${written.size}.json`);
      fs.writeFileSync(filesFile, JSON.stringify([...files]));
      written.set(files, filesFile);
    }
    const run = spawnSync(process.execPath, [program, out, filesFile, String(limit)], { encoding: 'utf8' });
    if (run.stderr) throw new Error(run.stderr);
    return run.signal;
  };
}
