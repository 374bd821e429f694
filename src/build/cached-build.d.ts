import type * as esbuild from 'esbuild';

/** esbuild's bundle of `options`, reused from `cacheFile` while its inputs are unchanged; `esbuild` gives the esbuild to build with. */
export function cachedBuild(options: esbuild.BuildOptions, cacheFile: string, esbuild?: () => typeof import('esbuild')): string;

/** One input of a bundle: its path relative to the working directory, its content's sha256, and the inputs it imports. */
export type BundleInput = readonly [file: string, digest: string, imports: readonly string[]];

/** As `cachedBuild`, with the bundle's inputs and its digest; with `outdir`, `code` is JSON: entry point → `{ output, text }`. */
export function cachedBuildWithInputs(
  options: esbuild.BuildOptions,
  cacheFile: string,
  esbuild?: () => typeof import('esbuild'),
): { readonly code: string; readonly digest: string; readonly inputs: readonly BundleInput[] };

/** esbuild, loaded on first use, its service in a child process rather than a worker thread. */
export function loadEsbuild(): typeof import('esbuild');

/** How the CLI and site code are bundled: for this Node, as CommonJS, packages left to `require`. */
export const NODE_BUNDLE_OPTIONS: {
  readonly bundle: true;
  readonly platform: 'node';
  readonly format: 'cjs';
  readonly target: 'node20';
  readonly packages: 'external';
  readonly logLevel: 'silent';
};

/** This tool's cache directory below `root`: bundles under `bundles/`, compiled schema checks under `schemas/`. */
export function toolCacheDir(root: string): string;

/** The CLI bundled with every module of `src/`, which it exposes to site code; its digest stands for the tool's code. */
export function cliBundle(root: string): { readonly code: string; readonly digest: string };
