import { DefaultLogger, Runtime } from '@temporalio/worker';

// Worker INFO lines (bundle sizes, state changes) bury test output; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });
