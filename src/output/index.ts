export * from './folder';
export * from './lock';
export * from './record';
export * from './serialize';
export * from './write-output';
