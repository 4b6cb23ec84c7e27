import { BadRequestException } from '@nestjs/common';
import { IsString } from 'class-validator';
import { createValidationPipe, unsafeInput } from './validation';

class NameDto {
  @IsString()
  name!: string;
}

describe('unsafeInput', () => {
  it('passes ordinary text, emoji, right-to-left text and paired surrogates', () => {
    expect(unsafeInput({ name: 'Zoë \u{1F600} שלום \u202e', tags: ['a', 'b'], nested: { n: 1, ok: true, none: null } })).toEqual([]);
  });

  it('names NUL characters and unpaired surrogates, at any depth', () => {
    const found = unsafeInput({ name: 'a\u0000b', caller: { names: ['x', 'high\ud800', '\udfffLow'] } });
    expect(found.map((error) => error.field)).toEqual(['name', 'caller.names.1', 'caller.names.2']);
  });

  it('refuses prototype keys and nesting deeper than any DTO', () => {
    const parsed = JSON.parse('{"__proto__": {"admin": true}, "a": {"constructor": {"prototype": {}}}}');
    expect(unsafeInput(parsed).map((error) => error.field)).toEqual(['__proto__', 'a.constructor']);
    const deep = JSON.parse(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`);
    expect(unsafeInput(deep)).toEqual([expect.objectContaining({ messages: [expect.stringContaining('nested too deeply')] })]);
  });
});

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();

  it('refuses unsafe input before the DTO sees it, with the usual field-level 400', async () => {
    const error = await pipe.transform(JSON.parse('{"name": "x", "__proto__": {"isAdmin": true}}'), { type: 'body', metatype: NameDto }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).getResponse()).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: '__proto__' }] });
    await expect(pipe.transform({ name: 'fine' }, { type: 'body', metatype: NameDto })).resolves.toMatchObject({ name: 'fine' });
  });

  it('leaves the caller injected by custom decorators alone', async () => {
    const caller = { id: 'u1', roles: ['agent'], note: 'a\u0000b' };
    await expect(pipe.transform(caller, { type: 'custom' })).resolves.toBe(caller);
  });
});
