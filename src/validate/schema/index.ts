export * from './compile';
export * from './findings';
export * from './prepare';
export * from './registry';
