import type { Construct } from 'constructs';
import { ContainerProfile } from '../src';

// Demonstrates a failing container: it exits non-zero every time, so NNF retries it up to
// retryLimit (the default, 6) and then reports the workflow's container failure. No storages.
export default (scope: Construct) =>
  new ContainerProfile(scope, 'example-fail', {
    containers: [{ name: 'example-fail', image: 'alpine:3.20', command: ['/bin/sh', '-c', 'sleep 10 && exit 1'] }],
  });
