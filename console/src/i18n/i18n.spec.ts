import { COMPLAINT_STAGE_GUIDANCE, COMPLAINT_STEPS, FIGURE_DEFINITIONS, SERVICE_LEVEL_FORMULAS } from '@callcentre/shared';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import en from './en.json';
import zhCN from './zh-CN.json';
import { createI18n, LANGUAGE_STORAGE_KEY, preferredLanguage } from './index';
import { memoryStorage } from '../testing/render';

type Tree = { [key: string]: string | Tree };

function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.spec\.tsx?$/.test(name) ? [path] : [];
  });
}

const FEATURES = join(__dirname, '..', 'features');

/** Features that keep their strings in a namespace of their own (`features/<name>/i18n/<language>.json`). */
function namespaceBundles(language: string): Map<string, Tree> {
  const bundles = new Map<string, Tree>();
  for (const name of readdirSync(FEATURES)) {
    const path = join(FEATURES, name, 'i18n', `${language}.json`);
    try {
      bundles.set(name, JSON.parse(readFileSync(path, 'utf8')) as Tree);
    } catch {
      // No namespace of its own: the feature uses the console's bundle.
    }
  }
  return bundles;
}

/** The namespaces a file may read: its own feature's, and those of the features it imports from. */
function namespacesOf(file: string, source: string, bundles: Map<string, Tree>): string[] {
  const own = /[\\/]features[\\/]([^\\/]+)[\\/]/.exec(file)?.[1];
  const imported = [...source.matchAll(/from '[./]*(?:features\/)?([\w-]+)'/g)].map((match) => match[1]);
  return [...new Set([own, ...imported])].filter((name): name is string => name !== undefined && bundles.has(name));
}

describe('translations', () => {
  it('has the same keys in English and Simplified Chinese', () => {
    expect(keysOf(zhCN as Tree).sort()).toEqual(keysOf(en as Tree).sort());
  });

  it('has the same keys in English and Simplified Chinese in each feature’s own namespace', () => {
    const chinese = namespaceBundles('zh-CN');
    const english = namespaceBundles('en');
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [name, bundle] of english) expect({ name, keys: keysOf(chinese.get(name) as Tree).sort() }).toEqual({ name, keys: keysOf(bundle).sort() });
  });

  it('has every Chinese string in Chinese (language names stay in their own language)', () => {
    const lookup = (key: string) => key.split('.').reduce<string | Tree>((node, part) => (node as Tree)[part], zhCN as Tree);
    const untranslated = keysOf(zhCN as Tree).filter((key) => !key.startsWith('language.names.') && !/[\u4e00-\u9fff]/.test(lookup(key) as string));
    expect(untranslated).toEqual([]);
  });

  it('defines every key the console asks for by name', () => {
    const plain = (tree: Tree) => keysOf(tree).map((key) => key.replace(/_(one|other)$/, ''));
    const consoleKeys = plain(en as Tree);
    const bundles = namespaceBundles('en');
    const missing = sourceFiles(join(__dirname, '..')).flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      const known = new Set([...consoleKeys, ...namespacesOf(file, source, bundles).flatMap((name) => plain(bundles.get(name) as Tree))]);
      const literal = [...source.matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)].map((match) => match[1]);
      const labelKeys = [...source.matchAll(/labelKey:\s*'([\w.]+)'/g)].map((match) => match[1]);
      return [...literal, ...labelKeys].filter((key) => key.includes('.') && !known.has(key)).map((key) => `${key} (${file})`);
    });
    expect(missing).toEqual([]);
  });

  it('shows the complaint guidance of the shared step definitions, word for word in English', () => {
    for (const step of COMPLAINT_STEPS) {
      expect(en.complaintSteps[step.id].guidance).toBe(step.guidance);
      expect(en.complaintSteps[step.id].title).toBe(step.title);
    }
    expect(en.complaintStages.follow_up.guidance).toBe(COMPLAINT_STAGE_GUIDANCE.follow_up);
    expect(en.complaintStages.escalated.guidance).toBe(COMPLAINT_STAGE_GUIDANCE.escalated);
  });

  it('explains each service-level formula in the words of the shared figure definitions', () => {
    for (const formula of SERVICE_LEVEL_FORMULAS) {
      expect(en.serviceLevelFormulas[formula]).toBe(FIGURE_DEFINITIONS[`serviceLevel.${formula}`].definition);
    }
  });

  it('names each service-level formula as the shared figure labels do', () => {
    for (const formula of SERVICE_LEVEL_FORMULAS) {
      const { label } = FIGURE_DEFINITIONS[`serviceLevel.${formula}`];
      expect(label.en).toBe(`Service level (${en.serviceLevelVariants[formula]})`);
      expect(label['zh-Hans']).toBe(`服务水平（${zhCN.serviceLevelVariants[formula]}）`);
    }
  });

  it('formats counts with plurals', () => {
    const i18n = createI18n('en', memoryStorage());
    expect(i18n.t('agentsTable.description', { count: 1 })).toBe('1 agent signed in.');
    expect(i18n.t('agentsTable.description', { count: 5 })).toBe('5 agents signed in.');
  });
});

describe('preferredLanguage', () => {
  it('prefers the language chosen earlier on this computer', () => {
    expect(preferredLanguage(memoryStorage({ [LANGUAGE_STORAGE_KEY]: 'zh-CN' }), ['en-GB'])).toBe('zh-CN');
  });

  it("otherwise follows the browser's languages when the console speaks them", () => {
    expect(preferredLanguage(memoryStorage(), ['zh-CN', 'en'])).toBe('zh-CN');
    expect(preferredLanguage(memoryStorage(), ['fr-FR', 'en-US'])).toBe('en');
  });

  it('falls back to English and ignores unknown stored values', () => {
    expect(preferredLanguage(memoryStorage({ [LANGUAGE_STORAGE_KEY]: 'klingon' }), ['de'])).toBe('en');
  });
});
