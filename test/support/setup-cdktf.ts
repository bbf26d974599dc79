// Adds cdktf's Jest matchers for synthesized stacks to every test file.
import { Testing } from 'cdktf';

Testing.setupJest();
