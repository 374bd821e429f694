/** The catalog page's stylesheet: inline, pinned by its hash in the page's Content-Security-Policy. */
export const PAGE_STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --card: #f6f8fa; --border: #d0d7de; --accent: #0a5bd3; --code: #eef1f4; --ok: #1a7f37; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9aa5b1; --bg: #0d1117; --card: #161b22; --border: #30363d; --accent: #58a6ff; --code: #1f2630; --ok: #3fb950; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header, main { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 1.5rem; padding-bottom: .5rem; }
h1 { font-size: 1.75rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid var(--border); }
h3 { font-size: 1.15rem; margin: 0 0 .5rem; }
h4 { font-size: 1rem; margin: 0; }
p { margin: .25rem 0 .75rem; }
a { color: var(--accent); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .875rem; }
code { background: var(--code); padding: .05rem .3rem; border-radius: 4px; overflow-wrap: anywhere; }
.muted, .version { color: var(--muted); font-weight: normal; }
.version { font-size: .9rem; margin-left: .5rem; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; padding: 0; margin: .5rem 0; }
.search-bar { position: sticky; top: 0; z-index: 1; background: var(--bg); border-bottom: 1px solid var(--border); }
.search-bar[hidden] { display: none; }
.search { max-width: 72rem; margin: 0 auto; padding: .75rem 1.25rem; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; }
section, article { scroll-margin-top: 4.5rem; }
.search label { font-weight: 600; }
.search input { flex: 1 1 18rem; max-width: 32rem; font: inherit; padding: .4rem .6rem; border: 1px solid var(--border); border-radius: 6px; background: var(--bg); color: var(--fg); }
.search input:focus { outline: 2px solid var(--accent); outline-offset: 1px; }
.search p { margin: 0; color: var(--muted); }
.profile { background: var(--card); border: 1px solid var(--border); border-radius: 8px; padding: 1rem 1.25rem; margin: 0 0 1rem; }
.profile[hidden], .environment[hidden] { display: none; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 .75rem; }
dt { color: var(--muted); }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0 0 .75rem; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .6rem; border-bottom: 1px solid var(--border); }
th { color: var(--muted); font-weight: 600; }
.note { border-left: 3px solid #d4a72c; padding-left: .6rem; }
.directives-head { display: flex; align-items: center; justify-content: space-between; gap: 1rem; margin-bottom: .35rem; }
button.copy { font: inherit; font-size: .9rem; padding: .25rem .9rem; border: 1px solid var(--border); border-radius: 6px; background: var(--bg); color: var(--fg); cursor: pointer; min-width: 6.5rem; }
button.copy:hover { border-color: var(--accent); }
button.copy:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
button.copy.copied { color: var(--ok); border-color: var(--ok); }
button.copy[hidden] { display: none; }
pre { margin: 0; padding: .75rem 1rem; background: var(--code); border: 1px solid var(--border); border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.45; }
pre code { background: none; padding: 0; border-radius: 0; }
pre code > span { display: block; padding-left: 4ch; text-indent: -4ch; }
pre .comment { color: var(--muted); }
pre .dw { font-weight: 600; }
.copy-buffer { position: fixed; top: 0; left: 0; width: 1px; height: 1px; opacity: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
footer { max-width: 72rem; margin: 2rem auto; padding: 0 1.25rem; color: var(--muted); font-size: .9rem; }
@media print { .search-bar, button.copy { display: none !important; } .profile { break-inside: avoid; } }
`;
