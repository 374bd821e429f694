export * from './bundle';
export * from './discover';
export * from './synthesize';
