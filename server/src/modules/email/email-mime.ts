import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { isAutoReply, normalizeSubject } from './email-sorting';

/** At most this many attachments per message; more is refused at SMTP time. */
export const MAX_ATTACHMENTS = 20;
/** Longest text body kept (characters); the rest is cut, the full message size still counts against the limit. */
const MAX_TEXT_CHARS = 200_000;

/** Attachments refused outright: programs and scripts a click would run. */
const DANGEROUS_EXTENSIONS = new Set([
  'exe', 'com', 'bat', 'cmd', 'scr', 'pif', 'msi', 'msp', 'jar', 'js', 'jse', 'vbs', 'vbe', 'wsf', 'wsh', 'ps1', 'psm1', 'hta', 'cpl', 'lnk', 'reg', 'dll', 'apk', 'app', 'sh',
]);
const DANGEROUS_TYPES = /^application\/(x-msdownload|x-msdos-program|x-ms-installer|x-executable|x-sh|x-bat|hta|java-archive|x-dosexec|javascript|x-javascript)$/i;

/** Types an attachment is served with when its bytes agree; anything else downloads as application/octet-stream. */
const SIGNATURES: Record<string, (bytes: Buffer) => boolean> = {
  'image/png': (b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => b.length > 6 && (b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a'),
  'application/pdf': (b) => b.length > 5 && b.subarray(0, 5).toString('latin1') === '%PDF-',
  'text/plain': (b) => !b.subarray(0, 4096).includes(0),
  'text/csv': (b) => !b.subarray(0, 4096).includes(0),
};

export class MimeRefusal extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ParsedAttachment {
  readonly filename: string;
  /** The type it is stored and served with (checked against its bytes). */
  readonly contentType: string;
  readonly content: Buffer;
}

export interface ParsedInbound {
  /** Without angle brackets. */
  readonly messageId: string;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  readonly from: string;
  readonly fromName: string | null;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly normalizedSubject: string;
  readonly text: string;
  /** Kept on record only; never served as HTML. */
  readonly html: string | null;
  readonly autoReply: boolean;
  readonly attachments: readonly ParsedAttachment[];
  /** The header block as received, up to 64 KiB, kept on record. */
  readonly rawHeaders: string;
}

const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;

/** A plain mailbox address (no display name, no CR/LF, no commas), lowercased; null when it is not one. */
export function plainAddress(value: string | undefined | null): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  return trimmed.length <= 254 && ADDRESS.test(trimmed) ? trimmed.toLowerCase() : null;
}

/** A Message-ID without brackets, visible ASCII only, or null. */
export function cleanMessageId(value: string | undefined | null): string | null {
  if (!value) return null;
  const inner = value.trim().replace(/^<+/, '').replace(/>+$/, '');
  return /^[\x21-\x3b\x3d\x3f-\x7e]{1,900}$/.test(inner) ? inner : null;
}

/** Every Message-ID named in a References or In-Reply-To header. */
export function messageIdsIn(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  const ids = [...text.matchAll(/<([^<>\s]{1,900})>/g)].map((match) => cleanMessageId(match[1])).filter((id): id is string => id !== null);
  if (ids.length === 0 && text.trim()) {
    const bare = cleanMessageId(text.trim());
    if (bare) ids.push(bare);
  }
  return [...new Set(ids)].slice(-50);
}

/**
 * A file name safe to store and to offer for download: the last path segment only (no `../`, no folders), no
 * control or bidirectional characters, no leading dots, letters, digits and `._-()` plus spaces; at most 120
 * characters with the extension kept.
 */
export function safeFilename(name: string | undefined | null, position: number): string {
  const fallback = `attachment-${position + 1}`;
  if (!name) return fallback;
  const last = name.normalize('NFKC').split(/[/\\]/).pop() ?? '';
  let cleaned = last
    .replace(/[\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu, '')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s_]+/, '')
    .trim();
  if (cleaned.length > 120) {
    const dot = cleaned.lastIndexOf('.');
    const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
    cleaned = cleaned.slice(0, 120 - extension.length) + extension;
  }
  return cleaned || fallback;
}

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
}

/** The type an attachment is kept with: its declared type when its bytes agree and the type is one served as is. */
export function checkedContentType(declared: string | undefined, content: Buffer): string {
  const type = (declared ?? '').split(';')[0].trim().toLowerCase();
  const matches = SIGNATURES[type];
  return matches && matches(content) ? type : 'application/octet-stream';
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((entry) => entry.value.map((item) => plainAddress(item.address))).filter((address): address is string => address !== null);
}

/** Text of an HTML body when the message has no text part: tags dropped, scripts and styles removed, never rendered. */
export function textOfHtml(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h[1-6])>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n\s*\n+/g, '\n\n')
    .trim();
}

const MAX_HEADER_BYTES = 64 * 1024;

/** The message's header block (up to the first empty line), at most 64 KiB, NUL bytes removed. */
export function headerBlock(raw: Buffer): string {
  const end = raw.indexOf('\r\n\r\n');
  const lfEnd = raw.indexOf('\n\n');
  const stop = [end, lfEnd].filter((index) => index >= 0).sort((a, b) => a - b)[0] ?? raw.length;
  return raw.subarray(0, Math.min(stop, MAX_HEADER_BYTES)).toString('utf8').replaceAll('\u0000', '');
}

/**
 * Parses one message as received. Refuses (MimeRefusal, with the SMTP code to answer) what the centre will not
 * take: no usable sender, too many attachments, programs. A message without a Message-ID gets one made from its
 * content hash by the caller.
 */
export async function parseInbound(raw: Buffer, envelopeFrom: string | null, fallbackMessageId: string): Promise<ParsedInbound> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, maxHtmlLengthToParse: 2_000_000 });
  } catch {
    throw new MimeRefusal(554, '5.6.0 Message could not be read as MIME');
  }
  const fromList = addresses(parsed.from);
  const from = fromList[0] ?? plainAddress(envelopeFrom);
  if (!from) throw new MimeRefusal(550, '5.1.7 The message has no usable sender address');
  const fromName = (Array.isArray(parsed.from) ? parsed.from[0] : parsed.from)?.value[0]?.name?.replace(/[\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu, '').trim().slice(0, 160) || null;
  const headers = new Map<string, string>();
  for (const [key, value] of parsed.headers) headers.set(key.toLowerCase(), typeof value === 'string' ? value : JSON.stringify(value));
  const contentTypeHeader = parsed.headers.get('content-type');
  const contentType = typeof contentTypeHeader === 'object' && contentTypeHeader && 'value' in contentTypeHeader ? String((contentTypeHeader as { value: string }).value) : String(contentTypeHeader ?? '');
  const attachmentsIn = parsed.attachments ?? [];
  if (attachmentsIn.length > MAX_ATTACHMENTS) throw new MimeRefusal(552, `5.3.4 At most ${MAX_ATTACHMENTS} attachments per message`);
  const attachments: ParsedAttachment[] = attachmentsIn.map((attachment, position) => {
    const filename = safeFilename(attachment.filename, position);
    if (DANGEROUS_EXTENSIONS.has(extensionOf(filename)) || DANGEROUS_TYPES.test(attachment.contentType ?? '')) {
      throw new MimeRefusal(554, '5.7.1 Attachments that are programs or scripts are not accepted');
    }
    return { filename, contentType: checkedContentType(attachment.contentType, attachment.content), content: attachment.content };
  });
  const html = typeof parsed.html === 'string' && parsed.html.trim() ? parsed.html : null;
  const text = (parsed.text?.trim() ? parsed.text : html ? textOfHtml(html) : '').slice(0, MAX_TEXT_CHARS);
  const subject = (parsed.subject ?? '').replace(/\p{Cc}/gu, ' ').trim().slice(0, 998);
  const messageId = cleanMessageId(parsed.messageId) ?? fallbackMessageId;
  const references = messageIdsIn(parsed.references);
  const inReplyTo = messageIdsIn(parsed.inReplyTo)[0] ?? null;
  return {
    messageId,
    inReplyTo,
    references,
    from,
    fromName,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject,
    normalizedSubject: normalizeSubject(subject),
    text,
    html,
    autoReply: isAutoReply(headers, from, contentType),
    attachments,
    rawHeaders: headerBlock(raw),
  };
}
