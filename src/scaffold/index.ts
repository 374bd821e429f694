export * from './examples';
export * from './scaffold';
