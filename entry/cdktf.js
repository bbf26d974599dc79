// Main entry: the construct for cdktf apps (CDK Terrain apps use 'ckafka-cos-backup/cdktn').
'use strict';
require('./require-framework')('cdktf');
module.exports = require('../dist/lib');
