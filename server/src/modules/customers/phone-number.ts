import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Only the digits of a number: how `customers.phone_digits` stores every customer's phone. */
export const phoneDigits = (phone: string): string => phone.replace(/\D/g, '');

/**
 * The digit strings under which a caller's number may be stored: as given, in international form (E.164) and
 * in the national form with its trunk prefix. A PBX sends "+447700900001" for a customer saved as
 * "+44 7700 900001" or "07700 900001"; a national number ("07700 900001") is understood in `region`, the
 * centre's own country, when one is configured.
 */
export function phoneLookupKeys(phone: string, region?: CountryCode): string[] {
  const keys = new Set<string>([phoneDigits(phone)]);
  const parsed = parsePhoneNumberFromString(phone, region);
  if (parsed) {
    keys.add(phoneDigits(parsed.number));
    keys.add(phoneDigits(parsed.formatNational()));
  }
  keys.delete('');
  return [...keys];
}
