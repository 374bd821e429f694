import * as fs from 'node:fs';
import * as path from 'node:path';
import { type BundleInput, toolCacheDir } from '../build/cached-build';
import { toolCodeDigest } from '../tool-code';
import { toolRoot } from '../tool-root';
import { SITE_FILE } from './discover';
import { digest } from '../io/digest';
import { RenderCache } from './render-cache';
import { SourceGraph } from './source-graph';

/** The content of files that decide how any profile renders, but are not among its modules. */
function environmentFiles(root: string): string[] {
  const tool = toolRoot();
  const schemas = path.join(tool, 'imports', 'nnfcontainerprofile');
  let listed: string[] = [];
  try {
    listed = fs
      .readdirSync(schemas)
      .sort()
      .map((name) => path.join(schemas, name));
  } catch {
    // No schemas: validation says so.
  }
  return [
    ...new Set([path.join(tool, 'package.json'), path.join(tool, 'package-lock.json'), path.join(root, 'package-lock.json'), ...listed]),
  ];
}

function fileDigest(file: string): string {
  try {
    return digest(fs.readFileSync(file));
  } catch {
    return 'absent';
  }
}

/**
 * What the render cache needs of a site's sources: the graph of its modules (site.ts, the
 * profiles and what they import, this tool's modules aside), as the last compilations found it.
 */
export class SiteSources {
  private readonly graph: SourceGraph;
  private readonly digests = new Map<string, string | undefined>();
  private toolKey?: string;

  constructor(
    private readonly root: string,
    private readonly profileFiles: readonly string[],
  ) {
    this.graph = SourceGraph.open(path.join(toolCacheDir(root), 'sources.json'), root);
  }

  /** Records a compilation's inputs. */
  add(inputs: readonly BundleInput[]): void {
    this.graph.add(inputs);
    this.digests.clear();
  }

  /** The digest of a profile's modules, or undefined when one is not known as it is now. */
  private profileDigest(file: string): string | undefined {
    if (!this.digests.has(file)) this.digests.set(file, this.graph.digestOf(file));
    return this.digests.get(file);
  }

  save(): void {
    this.graph.save([...this.profileFiles, SITE_FILE]);
  }

  /**
   * Everything every render depends on beyond the profile's own modules and settings: this
   * tool's code, packages and schemas, Node.js, and where the site is.
   */
  private currentToolKey(): string {
    if (this.toolKey === undefined) {
      const locale = Intl.DateTimeFormat().resolvedOptions();
      this.toolKey = digest(
        JSON.stringify({
          tool: toolCodeDigest(),
          files: environmentFiles(this.root).map((file) => [file, fileDigest(file)]),
          node: [process.version, process.platform, process.arch, locale.locale, locale.timeZone],
          root: this.root,
        }),
      );
    }
    return this.toolKey;
  }

  /** The render cache of the site, keyed by the sources as they are when it is used. */
  renderCache(): RenderCache {
    return RenderCache.open({
      file: path.join(toolCacheDir(this.root), 'renders.json'),
      sourceKey: (file) => {
        const own = this.profileDigest(file);
        return own === undefined ? undefined : `${this.currentToolKey()}\n${own}`;
      },
    });
  }
}
