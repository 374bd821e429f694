export * from './images';
export * from './names';
export * from './pods';
export * from './storages';
export * from './variables';
export * from './metadata';
export * from './prop-paths';
