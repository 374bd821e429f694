/** Evaluates bundled CommonJS `code` as module `filename`, resolving packages along `paths`. */
export function evaluateModule(code: string, options: { filename: string; paths: string[] }): { readonly exports: Record<string, unknown> };

/** Compiles bundled CommonJS `code` once; each call of the result evaluates it anew, as a fresh module. */
export function moduleFactory(
  code: string,
  options: { filename: string; require: (specifier: string) => unknown },
): () => Record<string, unknown>;
