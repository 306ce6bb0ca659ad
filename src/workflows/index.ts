// Every workflow the worker registers; the Temporal bundler starts from this file.
export { checkConnections } from './connections/check-connections';
