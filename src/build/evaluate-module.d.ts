/** Evaluates bundled CommonJS `code` as module `filename`, resolving packages along `paths`. */
export function evaluateModule(code: string, options: { filename: string; paths: string[] }): { readonly exports: Record<string, unknown> };
