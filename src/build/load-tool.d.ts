/** This tool at `root`, from its CLI bundle: the bundle's instance of one of its modules by path (`src/cli/main.ts`). */
export function loadTool(root: string): (file: string) => Record<string, unknown>;
