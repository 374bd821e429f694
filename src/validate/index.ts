export * from './finding';
export * from './schema';
export * from './validate-objects';
