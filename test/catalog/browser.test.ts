import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as yaml from 'js-yaml';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type CatalogEnvironment, catalogProfile, renderCatalog } from '../../src/catalog';
import { directivesText } from '../../src/dws';
import type { ProfileObject } from '../../src/validate/rules/context';
import { REPO_ROOT } from '../helpers/temp-site';

/**
 * The catalog page in a real browser (Debian's chromium, driven by playwright-core): search,
 * copy to the clipboard (navigator.clipboard and the execCommand fallback), no console errors.
 */

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = '/tmp/catalog.png';

function shippedProfiles(name: string): ProfileObject[] {
  const dir = path.join(REPO_ROOT, 'dist', name);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')) as ProfileObject[])
    .filter((o) => o?.kind === 'NnfContainerProfile');
}

function shipped(name: string): CatalogEnvironment {
  const profiles = shippedProfiles(name);
  // As the shipped site.ts says: production users submit with Flux, legacy ones with Slurm.
  const manager = name === 'production' ? 'flux' : 'slurm';
  return { name, apiVersion: String(profiles[0].apiVersion).split('/')[1], profiles: profiles.map((p) => catalogProfile(p, [], manager)) };
}

/** The browser globals the page functions use: this project compiles without the DOM library. */
interface PageGlobals {
  navigator: { clipboard: { readText(): Promise<string>; writeText(text: string): Promise<void> } };
  document: { querySelector(selector: string): { textContent: string | null } | null };
}

// Without Chromium the suite is one skipped test whose name gives the reason, and a line on
// standard error says it too: jest's summary alone shows only "1 skipped", and jest prints no
// console output of a file whose tests were all skipped (unless it runs that file alone).
const available = fs.existsSync(CHROMIUM);
const SKIPPED = `the catalog page in chromium: skipped, ${CHROMIUM} is absent (apt-get install chromium; .ci/run installs it)`;
if (!available) process.stderr.write(`test/catalog/browser.test.ts: ${SKIPPED}\n`);
const suite: (name: string, body: () => void) => void = available ? describe : () => test.skip(SKIPPED, () => undefined);

suite('the catalog page in chromium', () => {
  const environments = available ? [shipped('production'), shipped('legacy')] : [];
  const profile = (env: string, name: string) => shippedProfiles(env).find((p) => p.metadata?.name === name)!;
  let dir: string;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnf-profiles-catalog-'));
    for (const [file, content] of renderCatalog(environments)) fs.writeFileSync(path.join(dir, file), content);
    url = pathToFileURL(path.join(dir, 'index.html')).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh context and page; every console error and page error is a test failure. */
  async function open(options: { javaScriptEnabled?: boolean; initScript?: string } = {}) {
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    if (options.initScript) await context.addInitScript(options.initScript);
    page = await context.newPage();
    problems = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(url);
  }

  afterEach(async () => {
    await context?.close();
    expect(problems).toEqual([]);
  });

  const visibleProfiles = () => page.locator('article.profile:visible h3').allTextContents();
  const search = async (text: string) => {
    await page.locator('#search').fill('');
    await page.locator('#search').pressSequentially(text);
  };
  const clipboard = () => page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText());

  test('loads from file:// with every profile, the search box and the copy buttons shown', async () => {
    await open();
    expect(await page.title()).toBe('NNF container profiles');
    await expect(page.locator('#search').isVisible()).resolves.toBe(true);
    expect(await page.locator('label[for="search"]').textContent()).toBe('Search profiles');
    expect(await page.locator('article.profile:visible').count()).toBe(4);
    // Flux profiles have a second block, the command line, with its own button.
    expect(await page.locator('button.copy:visible').count()).toBe(6);
  });

  test('typing in the search box filters by name, image and storage', async () => {
    await open();
    await search('mpi');
    expect(await visibleProfiles()).toEqual(['mpi-red-rock-slushy', 'mpi-red-rock-slushy']);
    expect(await page.locator('#search-status').textContent()).toBe('Showing 2 of 4 profiles.');

    await search('dean/red-rock-slushy:v1');
    expect(await visibleProfiles()).toEqual(['red-rock-slushy', 'red-rock-slushy']);

    await search('DW_PERSISTENT_foo_persistent_storage');
    const both = ['mpi-red-rock-slushy', 'red-rock-slushy'];
    expect(await visibleProfiles()).toEqual([...both, ...both]);

    await search('slushy  dean/red-rock-slushy:v2');
    expect(await visibleProfiles()).toEqual(['mpi-red-rock-slushy', 'mpi-red-rock-slushy']);

    await search('no-such-profile');
    expect(await visibleProfiles()).toEqual([]);
    expect(await page.locator('section.environment:visible').count()).toBe(0);
    expect(await page.locator('#search-status').textContent()).toBe('No profile matches.');

    await page.locator('#search').fill('');
    expect(await page.locator('article.profile:visible').count()).toBe(4);
    expect(await page.locator('#search-status').textContent()).toBe('');
  });

  test('a copy button puts the directive block on the clipboard and says Copied', async () => {
    await open();
    await page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.writeText('nothing copied yet'));
    await search('red-rock');
    const button = page.locator('#profile--production--red-rock-slushy button.copy[data-copy$="--directives"]');
    await button.click();
    await page.waitForFunction(
      (id) => (globalThis as unknown as PageGlobals).document.querySelector(`#${id} button.copy`)?.textContent === 'Copied',
      'profile--production--red-rock-slushy',
    );
    expect(await clipboard()).toBe(directivesText(profile('production', 'red-rock-slushy'), 'flux'));
    expect(await page.locator('#copy-status').textContent()).toBe('Copied red-rock-slushy to the clipboard.');
    await page.screenshot({ path: SCREENSHOT });
    await page.waitForFunction(
      (id) => (globalThis as unknown as PageGlobals).document.querySelector(`#${id} button.copy`)?.textContent === 'Copy',
      'profile--production--red-rock-slushy',
      { timeout: 5000 },
    );
  });

  test('the command line has its own copy button, which copies the flux batch line alone', async () => {
    await open();
    await page.locator('#profile--production--red-rock-slushy button.copy[data-copy$="--command"]').click();
    await page.waitForFunction(
      (selector) => (globalThis as unknown as PageGlobals).document.querySelector(selector)?.textContent === 'Copied',
      '#profile--production--red-rock-slushy button.copy[data-copy$="--command"]',
    );
    const copied = await clipboard();
    expect(copied).toBe(
      directivesText(profile('production', 'red-rock-slushy'), 'command')
        .split('\n')
        .find((l) => l.startsWith('flux batch ')),
    );
    expect(copied).toMatch(/^flux batch --setattr=dw="#DW jobdw .* #DW container name=red-rock-slushy .*" job\.sh$/);
  });

  /** Init scripts that take the clipboard API away, keeping a handle on the real clipboard for the test. */
  const WITHOUT_CLIPBOARD_API: Array<[string, string]> = [
    [
      'navigator.clipboard.writeText refuses (NotAllowedError)',
      `const clipboard = navigator.clipboard;
       const proto = Object.getPrototypeOf(clipboard);
       window.__writeTextCalls = 0;
       Object.defineProperty(clipboard, 'writeText', { configurable: true, value: () => {
         window.__writeTextCalls += 1;
         return Promise.reject(new DOMException('not allowed', 'NotAllowedError'));
       } });
       window.__clipboard = { read: () => proto.readText.call(clipboard), write: (t) => proto.writeText.call(clipboard, t) };`,
    ],
    [
      'there is no navigator.clipboard',
      `const clipboard = navigator.clipboard;
       window.__writeTextCalls = 0;
       Object.defineProperty(Navigator.prototype, 'clipboard', { configurable: true, get: () => undefined });
       window.__clipboard = { read: () => clipboard.readText(), write: (t) => clipboard.writeText(t) };`,
    ],
  ];

  type Probe = { __writeTextCalls: number; __clipboard: { read(): Promise<string>; write(text: string): Promise<void> } };

  test.each(WITHOUT_CLIPBOARD_API)('when %s, the execCommand fallback copies the same text', async (situation, initScript) => {
    await open({ initScript });
    await page.evaluate(() => (globalThis as unknown as Probe).__clipboard.write('nothing copied yet'));
    expect(await page.evaluate(() => (globalThis as unknown as Probe).__clipboard.read())).toBe('nothing copied yet');
    await page.locator('#profile--legacy--mpi-red-rock-slushy button.copy').click();
    await page.waitForFunction(
      () =>
        (globalThis as unknown as PageGlobals).document.querySelector('#profile--legacy--mpi-red-rock-slushy button.copy')?.textContent ===
        'Copied',
    );
    expect(await page.evaluate(() => (globalThis as unknown as Probe).__writeTextCalls)).toBe(situation.startsWith('there is no') ? 0 : 1);
    expect(await page.evaluate(() => (globalThis as unknown as Probe).__clipboard.read())).toBe(
      directivesText(profile('legacy', 'mpi-red-rock-slushy')),
    );
    expect(await page.locator('textarea').count()).toBe(0);
  });

  test('readable without JavaScript: every profile and block shown, no dead controls', async () => {
    await open({ javaScriptEnabled: false });
    expect(await page.locator('article.profile:visible').count()).toBe(4);
    expect(await page.locator('pre:visible').count()).toBe(6);
    expect(await page.locator('#search-box').isVisible()).toBe(false);
    expect(await page.locator('button.copy:visible').count()).toBe(0);
  });
});
