export * from './render';
export * from './settings';
export * from './guard';
