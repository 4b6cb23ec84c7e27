import { createI18n } from '../../i18n';
import { memoryStorage } from '../../testing/render';
import { aCustomerValue } from '../../testing/customer-value';
import { churnLevel, explainValue } from './explanation';

/** The formatters the console uses, for a language, outside React. */
function formatters(language: string) {
  const number = new Intl.NumberFormat(language);
  const oneDecimal = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  const money = new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const date = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  return {
    number: (value: number) => number.format(value),
    oneDecimal: (value: number) => oneDecimal.format(value),
    money: (value: number) => money.format(value),
    date: (value: Date | number) => date.format(value),
  } as unknown as Parameters<typeof explainValue>[2];
}

function explain(language: 'en' | 'zh-CN', value = aCustomerValue()) {
  const i18n = createI18n(language, memoryStorage());
  return explainValue(value, i18n.t, formatters(language), language);
}

describe('explainValue', () => {
  it('tells an English reader the facts against the averages, the cell, and the rank with its tier', () => {
    const { full, brief } = explain('en');
    expect(full).toBe(
      'Last purchase 12 days ago (average 40 days), 8 purchases (average 3.2), 1,250.00 spent (average 400.00). ' +
        'Compared with the average customer: recent, frequent and high spending, so the cell “Best customer: keep”. ' +
        'Ranked 12 of 1,000 by value (top 1.2%): Secondary key.',
    );
    expect(brief).toBe('recent (12 d) · frequent (8×) · high spend (1,250.00)');
  });

  it('composes the same facts in Chinese, not the server’s English sentence', () => {
    const { full, brief } = explain('zh-CN');
    expect(full).toBe(
      '最近一次购买在 12 天前（平均 40 天），共购买 8 次（平均 3.2 次），消费 1,250.00（平均 400.00）。' +
        '与平均客户相比：近期有购买、购买频繁、消费高，因此属于“最佳客户：重要保持”。' +
        '按价值排名第 12 / 1,000（前 1.2%）：次要重点客户。',
    );
    expect(brief).toBe('近期（12 天） · 频繁（8 次） · 高消费（1,250.00）');
    expect(full).not.toContain('bought');
  });

  it('says one day, and words a drifting customer’s levels', () => {
    const value = aCustomerValue({
      rfm: { recencyDays: 1, frequency: 1, monetary: '90.5', recency: 'high', frequencyLevel: 'low', monetaryLevel: 'low', segment: 'no_value' },
      rank: 900,
      customers: 1000,
      computedTier: 'small',
      valueTier: 'small',
    });
    const { full, brief } = explain('en', value);
    expect(full).toContain('Last purchase 1 day ago');
    expect(full).toContain('1 purchase (average 3.2)');
    expect(full).toContain('not lately, seldom and small spending, so the cell “Low value”');
    expect(full).toContain('Ranked 900 of 1,000 by value (top 90%): Small.');
    expect(brief).toBe('not lately (1 d) · seldom (1×) · small spend (90.50)');
  });

  it('explains an inactive customer without a cell, in both languages', () => {
    const value = aCustomerValue({ rfm: null, averages: null, rank: 1000, computedTier: 'small', valueTier: 'small' });
    expect(explain('en', value)).toEqual({ brief: null, full: 'No purchase in the period, so no RFM cell. Ranked 1,000 of 1,000 by value (top 100%): Small.' });
    expect(explain('zh-CN', value).full).toBe('本期内没有购买，因此没有 RFM 分格。按价值排名第 1,000 / 1,000（前 100%）：小客户。');
  });

  it('adds the tier set by hand and until when, after the computed one', () => {
    const value = aCustomerValue({
      valueTier: 'important',
      tierSource: 'override',
      override: { reason: 'Board member', expiresAt: '2026-12-31T12:00:00.000Z', setBy: 'sophie' },
    });
    expect(explain('en', value).full).toMatch(/: Secondary key\. The tier was set by hand to Key customer until Dec 31, 2026\.$/);
    expect(explain('zh-CN', value).full).toMatch(/等级已人工设为重要客户，有效期至 2026年12月31日。$/);
  });
});

describe('churnLevel', () => {
  it.each([
    [0, 'none'],
    [1, 'low'],
    [29, 'low'],
    [30, 'medium'],
    [59, 'medium'],
    [60, 'high'],
    [100, 'high'],
  ] as const)('puts a score of %i in the %s band', (score, level) => {
    expect(churnLevel({ score })).toBe(level);
  });
});
