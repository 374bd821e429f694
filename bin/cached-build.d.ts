import type * as esbuild from 'esbuild';

/** esbuild's bundle of `options`, reused from `cacheFile` while its inputs are unchanged. */
export function cachedBuild(esbuild: typeof import('esbuild'), options: esbuild.BuildOptions, cacheFile: string): string;
