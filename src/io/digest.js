'use strict';
// JavaScript: the bundle cache (src/build/cached-build.js) digests its inputs before any
// TypeScript runs.
const crypto = require('node:crypto');

/** The SHA-256 of `content` (text as UTF-8), in hex: what every cache of this tool keys and checks by. */
function digest(content) {
  return crypto.createHash('sha256').update(content).digest('hex');
}

module.exports = { digest };
