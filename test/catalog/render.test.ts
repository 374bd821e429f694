import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { catalogProfile, escapeHtml, markdownCode, markdownParagraph, renderCatalog, type CatalogEnvironment } from '../../src/catalog';
import { checkJobScript, directivesText, fill } from '../../src/dws';
import type { ProfileObject } from '../../src/validate/rules/context';
import { REPO_ROOT } from '../helpers/temp-site';

function shippedProfiles(name: string): ProfileObject[] {
  const dir = path.join(REPO_ROOT, 'dist', name);
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('nnfcontainerprofile-'))
    .map((f) => yaml.load(fs.readFileSync(path.join(dir, f), 'utf8')) as ProfileObject);
}

const OBJECTS = { production: shippedProfiles('production'), legacy: shippedProfiles('legacy') };
const SHIPPED: CatalogEnvironment[] = [
  { name: 'production', apiVersion: 'v1alpha11', profiles: OBJECTS.production.map((p) => catalogProfile(p)) },
  { name: 'legacy', apiVersion: 'v1alpha8', profiles: OBJECTS.legacy.map((p) => catalogProfile(p)) },
];

const HOSTILE_IMAGE = 'evil.example/x:"1"<script>alert(1)</script>&amp;|`tick`';
const HOSTILE_DESCRIPTION =
  '# Not a heading: <script>alert(3)</script> & "quotes" | pipes *stars* `ticks` [link](javascript:x)\n\n- not a list';
/** The hostile container's command and args, and how the catalog shows them: the storage as $DW_JOB_scratch. */
const HOSTILE_COMMAND = ['sh', '-c', 'echo "<b>$(DW_JOB_scratch)</b>" | tee `x` && echo \\ done'];
const HOSTILE_ARGS = ['--node=$(NNF_NODE_NAME)', '', '$(NOT_SET)'];
const HOSTILE_RUNS = 'sh -c "echo \\"<b>$DW_JOB_scratch</b>\\" | tee \\`x\\` && echo \\\\ done" --node=$NNF_NODE_NAME "" "$(NOT_SET)"';
const hostile: ProfileObject = {
  apiVersion: 'nnf.cray.hpe.com/v1alpha11',
  kind: 'NnfContainerProfile',
  metadata: {
    name: 'hostile',
    namespace: 'nnf-system',
    annotations: {
      'nnf-profiles/policy-exception.privileged': '<img src=x onerror=alert(2)> needs | pipes',
      'nnf-profiles/source': 'profiles/hostile.ts',
      'nnf-profiles/description': HOSTILE_DESCRIPTION,
    },
  },
  data: {
    spec: {
      containers: [{ name: 'app', image: HOSTILE_IMAGE, command: HOSTILE_COMMAND, args: HOSTILE_ARGS }],
      initContainers: [{ name: 'prep<i>', image: HOSTILE_IMAGE, args: ['--in=$(DW_JOB_scratch)'] }],
    },
    storages: [{ name: 'DW_JOB_scratch', optional: false }],
  },
};

describe('renderCatalog', () => {
  test('renders index.html and index.md, byte-identical run after run', () => {
    const first = renderCatalog(SHIPPED);
    expect([...first.keys()]).toEqual(['index.html', 'index.md']);
    expect(renderCatalog(SHIPPED)).toEqual(first);
    // Input order of profiles does not matter: they are listed by name.
    const reversed = SHIPPED.map((e) => ({ ...e, profiles: [...e.profiles].reverse() }));
    expect(renderCatalog(reversed)).toEqual(first);
  });

  test('the HTML is self-contained: one inline style, one inline script, both pinned by the CSP; nothing external', () => {
    const html = renderCatalog(SHIPPED).get('index.html')!;
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(styles).toHaveLength(1);
    expect(scripts).toHaveLength(1);
    expect((html.match(/<script/g) ?? []).length).toBe(1);
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
    expect(csp).toBe(
      `default-src &#39;none&#39;; style-src ${escapeHtml(hash(styles[0]))}; script-src ${escapeHtml(hash(scripts[0]))}; base-uri &#39;none&#39;; form-action &#39;none&#39;`,
    );
    expect(html).not.toMatch(/\ssrc=|href="(?!#)|url\(|@import|fetch\(|XMLHttpRequest/);
    expect(html).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}/); // no timestamps
  });

  test('lists every profile of every environment, each with its directive block as text', () => {
    const html = renderCatalog(SHIPPED).get('index.html')!;
    for (const env of SHIPPED) {
      expect(html).toContain(`<section class="environment" id="env--${env.name}"`);
      for (const profile of OBJECTS[env.name as keyof typeof OBJECTS]) {
        const id = `profile--${env.name}--${profile.metadata!.name}`;
        expect(html).toContain(`<article class="profile" id="${id}"`);
        const block = new RegExp(`<pre id="${id}--directives"[^>]*><code>([\\s\\S]*?)</code></pre>`).exec(html)![1];
        const text = block
          .replace(/<[^>]+>/g, '')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&');
        expect(text).toBe(directivesText(profile));
      }
    }
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('readable without JavaScript: the search box and copy buttons start hidden', () => {
    const html = renderCatalog(SHIPPED).get('index.html')!;
    expect(html).toContain('<div class="search-bar" id="search-box" role="search" hidden>');
    expect(html).toContain('<label for="search">Search profiles</label>');
    const buttons = html.match(/<button [^>]*>/g)!;
    expect(buttons.length).toBe(SHIPPED.reduce((n, e) => n + e.profiles.length, 0));
    for (const button of buttons)
      expect(button).toMatch(
        /^<button type="button" class="copy" data-copy="[^"]+" data-name="[^"]+" aria-label="Copy the job script lines of [^"]+" hidden>$/,
      );
  });

  test('escapes untrusted text in HTML', () => {
    const html = renderCatalog([{ name: 'prod<x>', apiVersion: 'v1alpha11', profiles: [catalogProfile(hostile)] }]).get('index.html')!;
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('prod<x>');
    expect(html).toContain('<code>evil.example/x:&quot;1&quot;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;|`tick`</code>');
    expect(html).toContain('Policy exception privileged: &lt;img src=x onerror=alert(2)&gt; needs | pipes');
    expect(html).toContain('id="env--prod-x"');
    expect(html).toContain(
      'data-search="hostile evil.example/x:&quot;1&quot;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;|`tick` dw_job_scratch job ' +
        '# not a heading: &lt;script&gt;alert(3)&lt;/script&gt; &amp; &quot;quotes&quot; | pipes *stars* `ticks` [link](javascript:x) - not a list"',
    );
    expect(html).not.toContain('<script>alert(3)');
    expect(html).not.toMatch(/<b>|<i>/);
    expect(html).toContain(`<p class="description">${escapeHtml(HOSTILE_DESCRIPTION)}</p>`);
    expect(html).toContain(`<tr><td><code>app</code></td><td><code>${escapeHtml(HOSTILE_RUNS)}</code></td></tr>`);
    expect(html).toContain(
      '<tr><td><code>prep&lt;i&gt;</code> <span class="muted">init container</span></td><td><span class="muted">the image&#39;s entrypoint, with the arguments</span> <code>&quot;--in=$(DW_JOB_scratch)&quot;</code></td></tr>',
    );
  });

  test("text that looks like the slots a profile's article leaves for the page is only text", () => {
    const sly: ProfileObject = {
      ...hostile,
      metadata: {
        ...hostile.metadata,
        name: 'sly',
        annotations: { 'nnf-profiles/policy-exception.privileged': 'see <@id> and <@environment>' },
      },
    };
    const html = renderCatalog([{ name: 'prod', apiVersion: 'v1alpha11', profiles: [catalogProfile(sly)] }]).get('index.html')!;
    expect(html).toContain('Policy exception privileged: see &lt;@id&gt; and &lt;@environment&gt;');
    expect(html).not.toMatch(/<@(id|environment)>/);
    expect(html).toContain('<article class="profile" id="profile--prod--sly"');
    expect(html).toContain('aria-label="Copy the job script lines of sly (prod)"');
  });

  test('the Markdown has the same content, code spans and fences that survive odd text', () => {
    const md = renderCatalog([{ name: 'production', apiVersion: 'v1alpha11', profiles: [catalogProfile(hostile)] }]).get('index.md')!;
    expect(md).toContain('### hostile');
    expect(md).toContain(`| Images | ${markdownCode(HOSTILE_IMAGE)} |`);
    expect(markdownCode(HOSTILE_IMAGE)).toBe('`` evil.example/x:"1"<script>alert(1)</script>&amp;\\|`tick` ``');
    expect(md).toContain('> Policy exception privileged: \\<img src=x onerror=alert(2)\\> needs \\| pipes');
    expect(md).toContain('| `DW_JOB_scratch` | job | required | #DW jobdw, type gfs2 or lustre |');
    // The description is a paragraph of its own: nothing in it starts a heading or a list, or is markup.
    expect(md).toContain(
      '### hostile\n\n\\# Not a heading: \\<script\\>alert(3)\\</script\\> \\& "quotes" \\| pipes \\*stars\\* \\`ticks\\` \\[link\\](javascript:x) - not a list\n\n',
    );
    expect(md).toContain(
      `| Container | Runs |\n| --- | --- |\n| \`app\` | ${markdownCode(HOSTILE_RUNS)} |\n| \`prep<i>\` init container | the image's entrypoint, with the arguments \`"--in=$(DW_JOB_scratch)"\` |\n\n`,
    );
    expect(md).toContain('`$NAME` is the value of the variable NAME in the container');
    expect(md).toContain(`\`\`\`sh\n${directivesText(hostile)}\n\`\`\`\n`);
    expect(md.endsWith('\n')).toBe(true);
    expect(md).not.toMatch(/\n\n\n/);
  });

  test('the Markdown lists each environment and each shipped profile with its block', () => {
    const md = renderCatalog(SHIPPED).get('index.md')!;
    expect(md).toContain('- [production](#env--production): `v1alpha11`, 2 profiles');
    expect(md).toContain('## legacy');
    for (const profile of OBJECTS.production) expect(md).toContain(`\`\`\`sh\n${directivesText(profile)}\n\`\`\``);
  });

  test("shows each shipped profile's description and what its containers run, storage paths as variables", () => {
    const out = renderCatalog(SHIPPED);
    const html = out.get('index.html')!;
    const md = out.get('index.md')!;
    for (const profile of [...OBJECTS.production, ...OBJECTS.legacy]) {
      const description = (profile.metadata!.annotations as Record<string, string>)['nnf-profiles/description'];
      expect(description).toMatch(/\S/);
      expect(html).toContain(`<p class="description">${escapeHtml(description)}</p>`);
      expect(md).toContain(`### ${profile.metadata!.name}\n\n${markdownParagraph(description)}\n\n`);
    }
    expect(html).toContain('<td><code>mpirun dcmp $DW_JOB_foo_local_storage/0 $DW_JOB_foo_local_storage/1</code></td>');
    expect(html).toContain(
      '<tr><td><code>red-rock-worker</code> <span class="muted">MPI worker</span></td><td><span class="muted">the image&#39;s entrypoint and command</span></td></tr>',
    );
    expect(md).toContain('| `red-rock-launcher` MPI launcher | `mpirun dcmp $DW_JOB_foo_local_storage/0 $DW_JOB_foo_local_storage/1` |');
    expect(md).toContain('| `red-rock-app` | `/users-application` |');
  });

  test('a profile without a description or containers shows neither, and no variable note without a variable', () => {
    const bare: ProfileObject = {
      apiVersion: 'nnf.cray.hpe.com/v1alpha11',
      kind: 'NnfContainerProfile',
      metadata: { name: 'bare' },
      data: { spec: { containers: [] } },
    };
    const plain: ProfileObject = {
      ...bare,
      metadata: { name: 'plain' },
      data: { spec: { containers: [{ name: 'app', image: 'a:1', command: ['/app'] }] } },
    };
    const out = renderCatalog([{ name: 'prod', apiVersion: 'v1alpha11', profiles: [catalogProfile(bare), catalogProfile(plain)] }]);
    for (const text of [out.get('index.html')!, out.get('index.md')!]) {
      expect(text).not.toContain('class="description"');
      expect(text).toContain('No containers.');
      expect(text).not.toContain('$NAME');
    }
  });

  test('markdownParagraph escapes what would start a block', () => {
    expect(markdownParagraph('# h')).toBe('\\# h');
    expect(markdownParagraph('  - item')).toBe('\\- item');
    expect(markdownParagraph('+ item')).toBe('\\+ item');
    expect(markdownParagraph('12. item')).toBe('12\\. item');
    expect(markdownParagraph('3) item')).toBe('3\\) item');
    expect(markdownParagraph('> quote')).toBe('\\> quote');
    expect(markdownParagraph('=== x')).toBe('\\=== x');
    expect(markdownParagraph('plain text, 2. not at the start')).toBe('plain text, 2. not at the start');
  });

  test('an environment without profiles says so', () => {
    const out = renderCatalog([{ name: 'empty', apiVersion: 'v1alpha11', profiles: [] }]);
    expect(out.get('index.html')).toContain('<p class="muted">No profiles.</p>');
    expect(out.get('index.md')).toContain('## empty\n\nAPI version `v1alpha11`, 0 profiles.\n\nNo profiles.\n');
  });

  test('says what synth vouches for, in the layers its findings name', () => {
    const out = renderCatalog(SHIPPED);
    for (const text of [out.get('index.html')!, out.get('index.md')!]) {
      expect(text).toMatch(
        /the cluster accepts it \(cluster\), a job that selects it can run \(job\), and it keeps the site.{1,6}s rules \(policy\)/,
      );
      expect(text).toContain('A note marked lint is advice');
    }
  });

  test("shows a profile's lint findings as notes naming the layer, the field and the rule", () => {
    const advice = {
      layer: 'lint' as const,
      rule: 'reference/image-pull-policy',
      path: 'data.spec.containers[0].image',
      message: 'the image is tagged :latest and <imagePullPolicy> is IfNotPresent',
    };
    const out = renderCatalog([{ name: 'prod', apiVersion: 'v1alpha11', profiles: [catalogProfile(hostile, [advice])] }]);
    expect(out.get('index.html')).toContain(
      '<p class="note">lint: data.spec.containers[0].image: the image is tagged :latest and &lt;imagePullPolicy&gt; is IfNotPresent [reference/image-pull-policy]</p>',
    );
    expect(out.get('index.md')).toContain(
      '> lint: data.spec.containers\\[0\\].image: the image is tagged :latest and \\<imagePullPolicy\\> is IfNotPresent \\[reference/image-pull-policy\\]',
    );
  });
});

describe("the catalog's job script lines, in each environment's form", () => {
  /** The fenced blocks after `label` in each profile section of an environment of the committed catalog. */
  function blocks(markdown: string, environment: string, label: string): Map<string, string> {
    const section = markdown.split(/^## /m).find((s) => s.startsWith(`${environment}\n`))!;
    const found = new Map<string, string>();
    for (const part of section.split(/^### /m).slice(1)) {
      const name = part.slice(0, part.indexOf('\n'));
      const at = part.indexOf(`\n${label}\n`);
      if (at !== -1) found.set(name, /```sh\n([\s\S]*?)\n```/.exec(part.slice(at))![1]);
    }
    return found;
  }
  const committed = fs.readFileSync(path.join(REPO_ROOT, 'dist', 'catalog', 'index.md'), 'utf8');

  test('the shipped site shows Flux batch directives and a command line for production, bare #DW lines for legacy', () => {
    const production = blocks(committed, 'production', 'Job script lines (Flux):');
    const legacy = blocks(committed, 'legacy', 'Job script lines (Slurm):');
    expect([...production.keys()].sort()).toEqual(['mpi-red-rock-slushy', 'red-rock-slushy']);
    expect([...legacy.keys()].sort()).toEqual(['mpi-red-rock-slushy', 'red-rock-slushy']);
    for (const text of production.values())
      expect(text).toMatch(/^#FLUX: --setattr=dw="""\n#FLUX: #DW jobdw [^\n]+\n(#FLUX: #DW [^\n]+\n)+#FLUX: """$/m);
    for (const text of legacy.values()) expect(text).not.toContain('#FLUX:');
    expect(blocks(committed, 'production', 'Command line:').get('red-rock-slushy')).toMatch(
      /^flux batch --setattr=dw="#DW jobdw .*" job\.sh$/,
    );
    expect(blocks(committed, 'legacy', 'Command line:').size).toBe(0);
  });

  test.each([
    ['production', 'Job script lines (Flux):'],
    ['production', 'Command line:'],
    ['legacy', 'Job script lines (Slurm):'],
  ])('the %s block after "%s", copied into a script and filled, lints clean', (environment, label) => {
    const profiles = OBJECTS[environment as 'production' | 'legacy'];
    const found = blocks(committed, environment, label);
    expect(found.size).toBe(2);
    for (const [name, text] of found) {
      const report = checkJobScript(`#!/bin/bash\n${fill(text)}\nflux run ./app\n`, `${name}.sh`, profiles, { environment });
      expect(report).toEqual({ findings: [], directives: 3 });
    }
  });

  test('a Flux environment has a second block, the command line, with its own copy button', () => {
    const [red] = OBJECTS.production.filter((p) => p.metadata?.name === 'red-rock-slushy');
    const html = renderCatalog([{ name: 'prod', apiVersion: 'v1alpha11', profiles: [catalogProfile(red, [], 'flux')] }]).get('index.html')!;
    expect(html).toContain('<h4 id="profile--prod--red-rock-slushy--directives-title">Job script lines (Flux)</h4>');
    expect(html).toContain('<h4 id="profile--prod--red-rock-slushy--command-title">Command line</h4>');
    expect(html).toContain(
      'data-copy="profile--prod--red-rock-slushy--command" data-name="red-rock-slushy" aria-label="Copy the command line of red-rock-slushy (prod)" hidden>Copy</button>',
    );
    expect(html).toContain(
      `<span class="dw">${escapeHtml(
        directivesText(red, 'command')
          .split('\n')
          .find((l) => l.startsWith('flux batch '))!,
      )}</span>`,
    );
    const slurm = renderCatalog([{ name: 'old', apiVersion: 'v1alpha11', profiles: [catalogProfile(red)] }]).get('index.html')!;
    expect(slurm).toContain('Job script lines (Slurm)</h4>');
    expect(slurm).not.toContain('--command');
  });
});
