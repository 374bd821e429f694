export * from './bundle';
export * from './discover';
export * from './profile-modules';
export * from './synthesize';
