/** Registry credentials: the PullSecret handle, what it renders, the commands around it, the no-plaintext guard on output and sources. */
export * from './pull-secret';
export * from './render';
export * from './command';
export * from './plaintext';
