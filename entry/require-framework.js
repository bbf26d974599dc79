// The construct is built once per framework (cdktf and CDK Terrain's cdktn), and each build
// needs its framework installed beside it: say which one is missing, and what to do.
'use strict';
const ALTERNATIVE = {
  cdktf: "in a CDK Terrain app, import 'ckafka-cos-backup/cdktn' instead",
  cdktn: "in a cdktf app, import 'ckafka-cos-backup' instead",
};
const TESTED = { cdktf: 'cdktf@0.21', cdktn: 'cdktn@0.24' };

module.exports = function requireFramework(name) {
  try {
    require.resolve(name);
  } catch {
    throw new Error(
      `ckafka-cos-backup: this entry point is for ${name} apps and the "${name}" package is not installed. ` +
        `Install it (npm install ${TESTED[name]} constructs@~10.7), or ${ALTERNATIVE[name]}.`,
    );
  }
};
