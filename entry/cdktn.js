// 'ckafka-cos-backup/cdktn': the same construct built against CDK Terrain's classes and bindings.
'use strict';
require('./require-framework')('cdktn');
module.exports = require('../dist/cdktn/lib');
