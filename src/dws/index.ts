export * from './directives';
export * from './lint';
export * from './parse';
export * from './summary';
export * from './job-script';
export * from './script-problem';
