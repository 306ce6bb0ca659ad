import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces go through the payload codec too: an error can quote a shopper's
 * email. Loaded by path (inside the workflow bundle as well as by clients), hence a module of its own.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
