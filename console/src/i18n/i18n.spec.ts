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

describe('translations', () => {
  it('has the same keys in English and Simplified Chinese', () => {
    expect(keysOf(zhCN as Tree).sort()).toEqual(keysOf(en as Tree).sort());
  });

  it('has every Chinese string in Chinese (language names stay in their own language)', () => {
    const lookup = (key: string) => key.split('.').reduce<string | Tree>((node, part) => (node as Tree)[part], zhCN as Tree);
    const untranslated = keysOf(zhCN as Tree).filter((key) => !key.startsWith('language.names.') && !/[\u4e00-\u9fff]/.test(lookup(key) as string));
    expect(untranslated).toEqual([]);
  });

  it('defines every key the console asks for by name', () => {
    const known = new Set(keysOf(en as Tree).map((key) => key.replace(/_(one|other)$/, '')));
    const missing = sourceFiles(join(__dirname, '..')).flatMap((file) => {
      const source = readFileSync(file, 'utf8');
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
