import type { EmailRule } from '@callcentre/shared';
import { loadConfig, smtpPort } from '../../common/config/app-config';
import { checkedContentType, messageIdsIn, safeFilename, textOfHtml } from './email-mime';
import { isAutoReply, normalizeSubject, sortMessage, type SortingInput } from './email-sorting';
import { SmtpRateLimiter } from './smtp-listener';

const RULES: EmailRule[] = [
  { kind: 'priority', field: 'auto_reply', pattern: '', priority: 5, description: 'auto' },
  { kind: 'priority', field: 'open_complaint', pattern: '', priority: 1, complaint: true },
  { kind: 'priority', field: 'tier', pattern: 'important', priority: 1 },
  { kind: 'priority', field: 'text', pattern: 'complaint, 投诉', priority: 2, complaint: true },
  { kind: 'department', field: 'subject', pattern: 'invoice, 发票', department: 'finance' },
  { kind: 'department', field: 'sender', pattern: 'press.example', department: 'pr', enabled: false },
];

const input = (overrides: Partial<SortingInput> = {}): SortingInput => ({
  mailbox: 'service@centre.example',
  mailboxDepartment: 'customer_service',
  from: 'customer@example.com',
  subject: 'Hello',
  text: 'A question',
  tier: 'ordinary',
  autoReply: false,
  openComplaint: false,
  ...overrides,
});

describe('e-mail sorting', () => {
  it('takes the department of the address unless a rule moves it; disabled rules are skipped', () => {
    expect(sortMessage(RULES, input())).toMatchObject({ department: 'customer_service', priority: 3, complaint: false });
    expect(sortMessage(RULES, input({ subject: 'Your INVOICE 42' })).department).toBe('finance');
    expect(sortMessage(RULES, input({ subject: '关于发票' })).department).toBe('finance');
    expect(sortMessage(RULES, input({ from: 'desk@press.example' })).department).toBe('customer_service');
  });

  it('takes the most urgent matching priority; complaint words mark a complaint', () => {
    expect(sortMessage(RULES, input({ text: 'This is a complaint' }))).toMatchObject({ priority: 2, complaint: true });
    expect(sortMessage(RULES, input({ text: '我要投诉', tier: 'important' }))).toMatchObject({ priority: 1, complaint: true });
    expect(sortMessage(RULES, input({ openComplaint: true }))).toMatchObject({ priority: 1, complaint: true });
  });

  it('puts auto-replies and bounces at the bottom whatever else matched', () => {
    expect(sortMessage(RULES, input({ autoReply: true, tier: 'important', text: 'complaint' }))).toMatchObject({ priority: 5, complaint: false });
  });

  it('recognises auto-replies and bounces by their headers and senders', () => {
    expect(isAutoReply(new Map([['auto-submitted', 'auto-replied']]), 'a@b.c', 'text/plain')).toBe(true);
    expect(isAutoReply(new Map([['auto-submitted', 'no']]), 'a@b.c', 'text/plain')).toBe(false);
    expect(isAutoReply(new Map(), 'MAILER-DAEMON@b.c', 'text/plain')).toBe(true);
    expect(isAutoReply(new Map(), 'a@b.c', 'multipart/report; report-type=delivery-status')).toBe(true);
  });

  it('normalises subjects for the fallback threading', () => {
    expect(normalizeSubject('RE: Fwd: Re:  My   Router ')).toBe('my router');
    expect(normalizeSubject('回复：发票问题')).toBe('发票问题');
    expect(normalizeSubject('Re[2]: Hello')).toBe('hello');
  });
});

describe('e-mail MIME safety', () => {
  it('keeps the last path segment of an attachment name and drops what is unsafe', () => {
    expect(safeFilename('../../etc/passwd', 0)).toBe('passwd');
    expect(safeFilename('..\\..\\windows\\system.ini', 0)).toBe('system.ini');
    expect(safeFilename('.htaccess', 0)).toBe('htaccess');
    expect(safeFilename('report\u202egnp.exe', 0)).toBe('reportgnp.exe');
    expect(safeFilename('a<b>"c".pdf', 1)).toBe('a_b__c_.pdf');
    expect(safeFilename('', 2)).toBe('attachment-3');
    expect(safeFilename(`${'x'.repeat(300)}.pdf`, 0)).toMatch(/^x{116}\.pdf$/);
  });

  it('serves a declared type only when the bytes agree', () => {
    expect(checkedContentType('image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(checkedContentType('image/png', Buffer.from('<svg onload=alert(1)>'))).toBe('application/octet-stream');
    expect(checkedContentType('text/html', Buffer.from('<p>'))).toBe('application/octet-stream');
  });

  it('reads Message-IDs and turns HTML into inert text', () => {
    expect(messageIdsIn('<a@b> <c@d>\r\n <a@b>')).toEqual(['a@b', 'c@d']);
    expect(textOfHtml('<p>Hi</p><script>alert(1)</script><b onclick="x()">there</b>')).toBe('Hi\n there');
  });
});

describe('SMTP rate limit', () => {
  it('admits a minute’s allowance per key, then refills with time', () => {
    let now = 0;
    const limiter = new SmtpRateLimiter(2, () => now);
    expect(limiter.admit(['ip:1', 'from:a'])).toBe(true);
    expect(limiter.admit(['ip:1', 'from:b'])).toBe(true);
    expect(limiter.admit(['ip:1', 'from:c'])).toBe(false);
    expect(limiter.admit(['ip:2', 'from:a'])).toBe(true);
    now = 30_000;
    expect(limiter.admit(['ip:1', 'from:d'])).toBe(true);
  });
});

describe('SMTP port', () => {
  it('listens on 2525 in demo mode, nowhere in production unless set, and never when off', () => {
    expect(smtpPort(loadConfig({}))).toBe(2525);
    expect(smtpPort(loadConfig({ MODE: 'production', HOST: '0.0.0.0' }))).toBeNull();
    expect(smtpPort(loadConfig({ MODE: 'production', HOST: '0.0.0.0', SMTP_PORT: '25' }))).toBe(25);
    expect(smtpPort(loadConfig({ SMTP_PORT: 'off' }))).toBeNull();
    expect(() => loadConfig({ SMTP_PORT: 'twenty-five' })).toThrow('SMTP_PORT must be a port number (0 to 65535) or off');
    expect(() => loadConfig({ SMTP_RELAY_URL: 'http://relay' })).toThrow('SMTP_RELAY_URL must be an smtp:// or smtps:// URL');
  });
});
