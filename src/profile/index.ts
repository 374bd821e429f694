export * from './arg';
export * from './container';
export * from './container-profile';
export * from './mpi-container-profile';
export * from './profile';
export * from './source-file';
export * from './storage';
export * from './description';
