export * from './bundle';
export * from './discover';
export * from './serialize';
export * from './synthesize';
export * from './write-output';
