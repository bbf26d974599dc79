// Numbers as text, for values known at synth time and for tokens known only at apply time.
import { Token } from 'cdktf';

/** A number as text, also when it is known only at apply time (then as a Terraform expression). */
export function numberText(value: number): string {
  return Token.isUnresolved(value) ? Token.asString(value) : String(value);
}
