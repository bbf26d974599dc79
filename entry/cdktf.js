'use strict';
// Main entry: the construct for cdktf apps (CDK Terrain apps use 'ckafka-cos-backup/cdktn').
require('./require-framework')('cdktf');
module.exports = require('../dist/lib');
