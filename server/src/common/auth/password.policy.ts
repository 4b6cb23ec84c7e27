import { dictionary } from '@zxcvbn-ts/language-common';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * The passwords seen most often in published breaches (tens of thousands, ranked by frequency, from the
 * maintained zxcvbn-ts word lists). Compared without case or surrounding spaces: `Password12` is `password12`.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(dictionary['passwords-common'].map((password) => password.toLowerCase()));

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.trim().toLowerCase());
}

/** The message naming the field, e.g. "newPassword is one of the most common passwords...". */
export function commonPasswordMessage(field: string): string {
  return `${field} is one of the most common passwords found in breaches; choose another (a few unrelated words make a good one)`;
}

/** Refuses a password from the breach lists; the error names the field. */
export function IsNotCommonPassword(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotCommonPassword',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !isCommonPassword(value),
        defaultMessage: (args) => commonPasswordMessage(args?.property ?? 'password'),
      },
    },
    options,
  );
}
