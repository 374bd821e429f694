export * from './compile';
export * from './findings';
export * from './nulls';
export * from './prepare';
export * from './registry';
