// Synth warnings that reach the user however the app runs. cdktf (and CDK Terrain) keep a
// construct's annotations in the manifest they synthesize (manifest.json, each stack's
// `annotations`), and only their CLIs print them: `cdktf synth` (`cdktn synth`, `deploy`, `diff`)
// runs the app with CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS set, reads the manifest back and
// prints each annotation. An app run as a plain script (`node main.js`, as the examples run) writes
// the same manifest and prints nothing. So a warning here is an annotation and, when no such CLI
// runs the app, also a line on stderr when its stack is synthesized: shown once either way.
import { Annotations } from 'cdktf';
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { IConstruct } from 'constructs';

/**
 * Set by the cdktf and CDK Terrain CLIs in the environment of the app they run, to print the
 * manifest's annotations themselves (cli-core's synth-stack.ts in both; cdktf's TerraformStack
 * reads it too).
 */
export const CLI_PRINTS_ANNOTATIONS_ENV = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';

/** The warnings of each construct that has some, written out when its stack is synthesized. */
const warningsOf = new WeakMap<IConstruct, string[]>();

/**
 * Warns about `construct`: an annotation (which the CLIs print), and, when the app runs without
 * them, a line on stderr in their format (`WARN [<construct path>]: <message>`) each time the
 * construct's stack is synthesized (`app.synth()`). `Testing.synth` writes nothing.
 */
export function addSynthWarning(construct: IConstruct, message: string): void {
  Annotations.of(construct).addWarning(message);
  const known = warningsOf.get(construct);
  if (known) {
    known.push(message);
    return;
  }
  const messages = [message];
  warningsOf.set(construct, messages);
  // The hook cdktf's own TerraformAsset uses: called once per synthesis of the stack (App.synth,
  // Testing.fullSynth), after its validations, before the annotations go to the manifest. It is
  // internal to cdktf and CDK Terrain (same module path in both), which the peer dependency
  // ranges pin; the tests run it with both.
  addCustomSynthesis(construct, {
    onSynthesize: () => {
      if (process.env[CLI_PRINTS_ANNOTATIONS_ENV] !== undefined) return;
      for (const text of messages) process.stderr.write(`WARN [${construct.node.path}]: ${text}\n`);
    },
  });
}
