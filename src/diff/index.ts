export * from './dist-diff';
export * from './git';
export * from './object-diff';
