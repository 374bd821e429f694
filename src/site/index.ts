export * from './environment-chart';
export * from './settings';
