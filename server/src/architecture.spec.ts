import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * Repositories are the only code that touches the database. Every other server file is read here and
 * refused when it holds SQL (a string or template with a statement in it) or calls `.query(` (on a
 * DataSource, EntityManager or QueryRunner: the only `.query(` calls this server makes).
 */
const SOURCE_ROOT = __dirname;

/** Files that hold SQL without being named `*.repository.ts`, each with its reason. Paths are relative to server/src. */
const SQL_ALLOWED: Record<string, string> = {
  // The routing journal: the router's lease and its journal of decisions are the routing module's storage layer.
  'modules/routing/router-lease.ts': 'the router lease (pg_advisory lock) is part of the routing journal',
  'modules/routing/routing-journal.ts': 'the routing journal persists each routing decision in its transaction',
  // Repository-layer fragments: the one home of "who may read this contact", composed into repositories' queries.
  'common/auth/contact-access.sql.ts': 'SQL fragments of the contact access rule, composed into repositories’ queries',
  // Bootstrap and operations, before any repository exists.
  'common/database/database-location.ts': 'creates the database itself at bootstrap (CREATE DATABASE)',
  'cli/migrate.ts': 'the migration command reads schema_migrations to report what it reverted',
};

const SQL_PATTERNS: Array<[string, RegExp]> = [
  ['SELECT … FROM', /\bSELECT\b[\s\S]*\bFROM\b/],
  ['INSERT INTO', /\bINSERT\s+INTO\b/],
  ['UPDATE … SET', /\bUPDATE\s+\w+(\s+\w+)?\s+SET\b/],
  ['DELETE FROM', /\bDELETE\s+FROM\b/],
  ['CREATE/ALTER/DROP TABLE', /\b(CREATE|ALTER|DROP)\s+TABLE\b/],
  ['pg_advisory', /pg_advisory/],
];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function isRepository(path: string): boolean {
  return path.endsWith('.repository.ts');
}

/** Each place in `text` that holds SQL: `line: what`. */
export function sqlFindings(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const findings: string[] = [];
  const report = (node: ts.Node, what: string) => findings.push(`${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}`);
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      checkText(node, node.text);
    } else if (ts.isTemplateExpression(node)) {
      checkText(node, [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ? '));
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'query') {
      report(node, '.query( call');
    }
    ts.forEachChild(node, visit);
  };
  const checkText = (node: ts.Node, value: string) => {
    for (const [what, pattern] of SQL_PATTERNS) if (pattern.test(value)) report(node, `SQL (${what})`);
  };
  visit(source);
  return findings;
}

describe('architecture: SQL lives in repositories', () => {
  const files = sourceFiles(SOURCE_ROOT).map((path) => ({ path, name: relative(SOURCE_ROOT, path).split(sep).join('/') }));

  it('finds SQL and .query( calls outside repositories', () => {
    const service = `
      export class ShiftsService {
        constructor(private readonly dataSource: DataSource) {}
        count() { return this.dataSource.query('SELECT count(*) FROM shifts'); }
        close(id: string) { return this.manager.query(\`UPDATE shifts SET closed = true WHERE id = \${id}\`); }
        lock() { return run("SELECT pg_advisory_xact_lock(1)"); }
      }`;
    expect(sqlFindings('shifts.service.ts', service)).toEqual([
      '4: .query( call',
      '4: SQL (SELECT … FROM)',
      '5: .query( call',
      '5: SQL (UPDATE … SET)',
      '6: SQL (pg_advisory)',
    ]);
    // Words in prose and the HTTP request's `query` property are not SQL.
    expect(sqlFindings('notes.ts', `const label = 'Select a queue from the list'; const q = request.query;`)).toEqual([]);
  });

  it('keeps every allowed exception a file that exists', () => {
    const names = new Set(files.map((file) => file.name));
    expect(Object.keys(SQL_ALLOWED).filter((name) => !names.has(name))).toEqual([]);
  });

  it('has no SQL outside *.repository.ts and the allowed files', () => {
    const offenders = files
      .filter((file) => !isRepository(file.name) && !(file.name in SQL_ALLOWED))
      .flatMap((file) => sqlFindings(file.name, readFileSync(file.path, 'utf8')).map((finding) => `${file.name}:${finding}`));
    expect(offenders).toEqual([]);
  });
});
