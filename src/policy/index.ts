export * from './rules';
export * from './settings';
export * from './objects';
