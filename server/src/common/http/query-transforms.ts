import { Transform } from 'class-transformer';

/** Query strings arrive as text: a string of digits becomes its number, anything else is left for validation to refuse. */
export const QueryInt = () => Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value));
