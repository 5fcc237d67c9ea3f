// Parse each Mermaid file named on the command line with mermaid's own parser
// (in jsdom, no browser); print "<file> ok <type>" or "<file> ERROR <message>".
// The packages are looked up in $HINTCHECK_NODE_MODULES.
import fs from 'fs';
import { createRequire } from 'module';
import { pathToFileURL } from 'url';

const require = createRequire(process.env.HINTCHECK_NODE_MODULES + '/');
const { JSDOM } = require('jsdom');

const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;
const { default: mermaid } = await import(pathToFileURL(require.resolve('mermaid')).href);
for (const file of process.argv.slice(2)) {
  try {
    const parsed = await mermaid.parse(fs.readFileSync(file, 'utf8'));
    console.log(`${file} ok ${parsed.diagramType}`);
  } catch (e) {
    console.log(`${file} ERROR ${String(e.message || e).split('\n').join(' ').slice(0, 300)}`);
  }
}
