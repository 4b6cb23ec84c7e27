import { share, toCsv, wantsCsv } from './report-export';

describe('report export', () => {
  it('writes a header line and one line per row, CRLF-ended, quoting only what needs it', () => {
    expect(toCsv(['name', 'count', 'note'], [['plain', 3, null], ['with, comma', -1, 'say "hi"'], ['line\nbreak', 0, '']])).toBe(
      'name,count,note\r\nplain,3,\r\n"with, comma",-1,"say ""hi"""\r\n"line\nbreak",0,\r\n',
    );
  });

  it('answers CSV for ?format=csv or an Accept header asking for text/csv; the query wins', () => {
    expect(wantsCsv('csv', undefined)).toBe(true);
    expect(wantsCsv(undefined, 'text/csv')).toBe(true);
    expect(wantsCsv(undefined, 'application/json, text/csv;q=0.5')).toBe(true);
    expect(wantsCsv(undefined, 'application/json')).toBe(false);
    expect(wantsCsv(undefined, undefined)).toBe(false);
    expect(wantsCsv('json', 'text/csv')).toBe(false);
  });

  it('gives shares to four decimals, and 0 of nothing', () => {
    expect(share(1, 3)).toBe(0.3333);
    expect(share(2, 3)).toBe(0.6667);
    expect(share(0, 0)).toBe(0);
    expect(share(5, 5)).toBe(1);
  });
});
