import nx from '@nx/eslint-plugin';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';
import path from 'node:path';

/**
 * A server module reaches another only through that module's index.ts, which names what the module offers; its
 * other files are its own to change. Paths are resolved, so '../routing/routing.service' and
 * '../../routing/routing.service' are both caught, and '../routing' passes.
 */
const moduleBoundaries = {
  meta: { type: 'problem', schema: [], messages: { deep: "'{{source}}' reaches into the {{target}} module: import from its index.ts ('{{index}}') and export what is needed there" } },
  create(context) {
    const file = context.filename;
    const marker = `${path.sep}server${path.sep}src${path.sep}modules${path.sep}`;
    const at = file.indexOf(marker);
    if (at < 0) return {};
    const modulesDir = file.slice(0, at + marker.length - 1);
    const own = path.relative(modulesDir, file).split(path.sep)[0];
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.relative(modulesDir, path.resolve(path.dirname(file), source));
      if (target.startsWith('..')) return;
      const [name, ...rest] = target.split(path.sep);
      if (name === own || rest.length === 0 || (rest.length === 1 && rest[0] === 'index')) return;
      const index = path.relative(path.dirname(file), path.join(modulesDir, name)).split(path.sep).join('/');
      context.report({ node: node.source, messageId: 'deep', data: { source, target: name, index } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.data/**', 'test-artifacts/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    rules: {
      // shared is pure: no Nest, TypeORM or React; server and console import only shared and themselves.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // Migrations are plain files beside the projects; cross-package suites reach into server and shared sources.
          allow: ['^(\\.\\./)+migrations(/.*)?$', '^(\\.\\./)+server/src/.*$', '^(\\.\\./)+shared/src/.*$'],
          depConstraints: [
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'], bannedExternalImports: ['@nestjs/*', 'typeorm', 'react', 'react-dom', 'pg', 'socket.io'] },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:shared'], bannedExternalImports: ['react', 'react-dom'] },
            { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:shared'], bannedExternalImports: ['@nestjs/*', 'typeorm', 'pg'] },
            { sourceTag: 'scope:test', onlyDependOnLibsWithTags: ['scope:shared', 'scope:server', 'scope:console'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['server/src/modules/**/*.ts'],
    plugins: { local: { rules: { 'module-boundaries': moduleBoundaries } } },
    rules: { 'local/module-boundaries': 'error' },
  },
  {
    // Tests read loosely typed JSON bodies of HTTP answers.
    files: ['test/**/*.ts', '**/*.spec.ts', '**/*.spec.tsx'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Every test asserts, unconditionally, and none is focused or skipped.
    files: ['**/*.spec.ts', '**/*.spec.tsx'],
    plugins: { jest },
    rules: {
      // Helpers named expect… assert; runAll asserts that every hostile request was refused.
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'runAll'] }],
      'jest/no-conditional-expect': 'error',
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
    },
  },
];
