// SCF's rule for function and trigger descriptions, and descriptions generated to follow it.
import { Token } from 'cdktf';

/**
 * SCF function descriptions allow at most 1000 letters, digits, spaces, commas, periods and
 * Chinese characters (SCF API: CreateFunction allows newlines too, UpdateFunctionConfiguration
 * does not); other characters may be rejected at apply time. Triggers get the same treatment.
 */
export const SCF_DESCRIPTION = /^[A-Za-z0-9 ,.\u4e00-\u9fa5]{0,1000}$/;
export const SCF_DESCRIPTION_RULE =
  'must be at most 1000 letters, digits, spaces, commas and periods (the SCF API refuses other characters)';

/** Text for a generated description: other characters become spaces. Tokens give the fallback. */
export function scfDescription(parts: string[], fallback: string): string {
  if (parts.some((p) => Token.isUnresolved(p))) return fallback;
  return parts
    .join('')
    .replace(/[^A-Za-z0-9 ,.\u4e00-\u9fa5]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
    .slice(0, 1000);
}
