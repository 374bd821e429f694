export * from './comparable';
export * from './import-profile';
export * from './read';
export * from './site-handles';
