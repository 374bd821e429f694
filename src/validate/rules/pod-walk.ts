// src/synth/pull-secret-references.ts still reads pods from here; src/rendered owns the walk.
export { podsOf } from '../../rendered';
