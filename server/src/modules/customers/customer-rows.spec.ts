import { canonicalTimeZone, checkBatch, checkCustomerRow, checkTransactionRow, isInstantWithOffset } from './customer-rows';

const fieldsOf = (check: { problems?: readonly { field: string }[] }) => (check.problems ?? []).map((found) => found.field);

describe('customer rows', () => {
  it('takes a full row, cleaning the name, lower-casing the e-mail and naming the zone canonically', () => {
    const checked = checkCustomerRow({
      externalId: ' C-1 ',
      name: 'Ada\u200B  Lovelace',
      phone: '+44 20 7946 0001',
      email: 'Ada@Example.COM',
      language: 'zh-YUE',
      timeZone: 'europe/london',
      birthday: '1990-02-28',
    });
    expect(checked.row).toEqual({
      externalId: 'C-1',
      name: 'Ada Lovelace',
      phone: '+44 20 7946 0001',
      email: 'ada@example.com',
      language: 'zh-yue',
      timeZone: 'Europe/London',
      birthday: '1990-02-28',
    });
  });

  it('keeps what a row leaves out (undefined) and clears what it sends empty or null', () => {
    expect(checkCustomerRow({ externalId: 'C-2', name: 'Bo', phone: '', email: null }).row).toEqual({
      externalId: 'C-2',
      name: 'Bo',
      phone: null,
      email: null,
      language: undefined,
      timeZone: undefined,
      birthday: undefined,
    });
  });

  it('names every bad field of a row', () => {
    const checked = checkCustomerRow({ externalId: 'x'.repeat(65), name: '\u202E', phone: 'call me', email: 'nope', language: 'English!', timeZone: 'Mars/Base', birthday: '2023-02-29', colour: 'red' });
    expect(fieldsOf(checked)).toEqual(['externalId', 'name', 'phone', 'email', 'language', 'timeZone', 'birthday', 'colour']);
    expect(fieldsOf(checkCustomerRow({}))).toEqual(['externalId', 'name']);
    expect(fieldsOf(checkCustomerRow({ externalId: 7, name: 'A\u0001B' }))).toEqual(['externalId', 'name']);
    expect(fieldsOf(checkCustomerRow({ externalId: 'C', name: 'Old', birthday: '1899-12-31' }))).toEqual(['birthday']);
  });

  it('knows IANA zones through Intl and no others', () => {
    expect(canonicalTimeZone('Asia/Hong_Kong')).toBe('Asia/Hong_Kong');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('Nowhere/Special')).toBeNull();
    expect(canonicalTimeZone('+01:00')).toBeNull();
  });
});

describe('purchase rows', () => {
  const row = { externalId: 'T-1', customerExternalId: 'C-1', occurredAt: '2026-03-01T14:30:00+08:00', amount: '19.90' };

  it('takes a purchase and a refund, product and channel optional', () => {
    expect(checkTransactionRow(row).row).toEqual({ ...row, product: null, channel: null });
    expect(checkTransactionRow({ ...row, amount: '-5', product: 'Kettle', channel: 'web' }).row).toEqual({ ...row, amount: '-5', product: 'Kettle', channel: 'web' });
  });

  it('wants an offset on the time, a real date and time, and money as a decimal string', () => {
    expect(fieldsOf(checkTransactionRow({ ...row, occurredAt: '2026-03-01T14:30:00' }))).toEqual(['occurredAt']);
    expect(fieldsOf(checkTransactionRow({ ...row, occurredAt: '2026-02-30T10:00:00Z' }))).toEqual(['occurredAt']);
    expect(fieldsOf(checkTransactionRow({ ...row, amount: '19.999' }))).toEqual(['amount']);
    expect(fieldsOf(checkTransactionRow({ ...row, amount: 19.9 }))).toEqual(['amount']);
    expect(fieldsOf(checkTransactionRow({ ...row, amount: '1e3' }))).toEqual(['amount']);
    expect(fieldsOf(checkTransactionRow({ externalId: 'T', amount: '' }))).toEqual(['customerExternalId', 'occurredAt', 'amount']);
  });

  it.each([
    ['2026-03-01T14:30Z', true],
    ['2026-03-01T14:30:59.123456-05:00', true],
    ['2026-03-01T14:30:00+0530', true],
    ['2026-03-01T14:30:00+08', true],
    ['2024-02-29T00:00:00Z', true],
    ['2026-03-01 14:30:00Z', false],
    ['2026-03-01T24:00:00Z', false],
    ['2026-03-01T14:60:00Z', false],
    ['2026-03-01T14:30:00+15:00', false],
    ['2026-13-01T00:00:00Z', false],
    ['2026-03-01', false],
  ])('%s is an instant with an offset: %s', (value, expected) => {
    expect(isInstantWithOffset(value)).toBe(expected);
  });
});

describe('batches', () => {
  it('names each bad row by its index, and rows repeating an earlier external id or phone', () => {
    const { rows, refused } = checkBatch(
      [
        { externalId: 'A', name: 'Ann', phone: '+1 555 0100' },
        { externalId: 'B' },
        'not a row',
        { externalId: 'A', name: 'Ann again' },
        { externalId: 'C', name: 'Cy', phone: '+1 555 0100' },
      ],
      checkCustomerRow,
      ['phone', 'email'],
    );
    expect(rows.map((passed) => passed.index)).toEqual([0]);
    expect(refused).toEqual([
      { row: 1, field: 'name', message: 'name is required (1 to 160 characters)' },
      { row: 2, field: 'row', message: 'each row must be an object' },
      { row: 3, field: 'externalId', message: 'externalId repeats row 0 of this call' },
      { row: 4, field: 'phone', message: 'phone repeats row 0 of this call' },
    ]);
  });

  it('gives the checked rows of a clean batch in order', () => {
    const { rows, refused } = checkBatch([{ externalId: 'A', name: 'Ann' }, { externalId: 'B', name: 'Bo' }], checkCustomerRow);
    expect(refused).toEqual([]);
    expect(rows.map(({ index, row }) => `${index}:${row.externalId}`)).toEqual(['0:A', '1:B']);
  });
});
