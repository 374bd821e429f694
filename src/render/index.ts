export * from './args';
export * from './image';
export * from './problem';
export * from './profile';
export * from './target';
export { PODSPEC_ERA_MPI_DEFAULTS } from './podspec-era';
