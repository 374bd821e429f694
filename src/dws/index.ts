export * from './directives';
export * from './lint';
export * from './parse';
export * from './summary';
