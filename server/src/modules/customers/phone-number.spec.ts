import { phoneDigits, phoneLookupKeys } from './phone-number';

describe('phone numbers', () => {
  it('keeps only the digits', () => {
    expect(phoneDigits('+44 (0)20 7946-0001')).toBe('4402079460001');
    expect(phoneDigits('ext.')).toBe('');
  });

  it('looks an international number up in international and national form', () => {
    expect(phoneLookupKeys('+447700900001').sort()).toEqual(['07700900001', '447700900001']);
    expect(phoneLookupKeys('+86 138 0013 8000').sort()).toEqual(['13800138000', '8613800138000']);
  });

  it('reads a national number in the centre\'s region only', () => {
    expect(phoneLookupKeys('07700 900001')).toEqual(['07700900001']);
    expect(phoneLookupKeys('07700 900001', 'GB').sort()).toEqual(['07700900001', '447700900001']);
    expect(phoneLookupKeys('0044 7700 900001', 'GB')).toContain('447700900001');
    expect(phoneLookupKeys('2345 6789', 'HK').sort()).toEqual(['23456789', '85223456789']);
  });

  it('gives no key for a number without digits', () => {
    expect(phoneLookupKeys('()')).toEqual([]);
  });
});
