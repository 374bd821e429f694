export * from './render';
export * from './spool';
