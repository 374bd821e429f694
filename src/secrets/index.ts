/** Registry credentials: the PullSecret handle, what it renders, the commands around it, the no-plaintext guards on output and sources. */
export * from './pull-secret';
export * from './render';
export * from './command';
export * from './plaintext';
export * from './scan-sources';
export * from './source-hygiene';
