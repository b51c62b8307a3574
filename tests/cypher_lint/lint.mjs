// Lint Cypher files with Neo4j's parser (@neo4j-cypher/language-support).
// Usage: node lint.mjs FILE...   Prints FILE:LINE:COL: message per error; exits 1 on any.
// Browser console commands (":param name => value") are allowed, as in Neo4j Browser.
import { readFileSync } from 'node:fs';
import { lintCypherQuery } from '@neo4j-cypher/language-support';

let errors = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  // Parameters declared in the file (":param name => value") are known to the linter;
  // any other $parameter is reported as undefined.
  const parameters = {};
  for (const m of text.matchAll(/^:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*(.+?);?\s*$/gm)) {
    let value;
    try { value = JSON.parse(m[2]); } catch { value = m[2]; }
    parameters[m[1]] = value;
  }
  const { diagnostics } = lintCypherQuery(text, { parameters }, { consoleCommandsEnabled: true });
  for (const d of diagnostics) {
    const where = `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
    if (d.severity === 1) {
      errors += 1;
      console.log(`${where}: ${d.message}`);
    } else {
      console.error(`${where}: warning: ${d.message}`);
    }
  }
}
if (errors > 0) {
  console.log(`${errors} Cypher error(s)`);
  process.exit(1);
}
