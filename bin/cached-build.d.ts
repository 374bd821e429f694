import type * as esbuild from 'esbuild';

/** esbuild's bundle of `options`, reused from `cacheFile` while its inputs are unchanged. */
export function cachedBuild(esbuild: typeof import('esbuild'), options: esbuild.BuildOptions, cacheFile: string): string;

/** How the CLI and site code are bundled: for this Node, as CommonJS, packages left to `require`. */
export const NODE_BUNDLE_OPTIONS: {
  readonly bundle: true;
  readonly platform: 'node';
  readonly format: 'cjs';
  readonly target: 'node20';
  readonly packages: 'external';
  readonly logLevel: 'silent';
};
