export * from './api-version';
export * from './profile';
export * from './storage';
