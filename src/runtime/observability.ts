import { type LogLevel, type LogMetadata, type Logger as SdkLogger, Runtime } from '@temporalio/worker';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../domain/config';

export type { Logger } from 'pino';

/**
 * One JSON object per line on stdout (pino): what a log shipper reads without parsing prose. `service` tells
 * the worker's lines from the ingress's when both run in one process (`npm run dev`).
 */
export function createLogger(options: { level: string; service: string; destination?: DestinationStream }): Logger {
  return pino({
    level: options.level,
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
  }, options.destination ?? pino.destination({ dest: 1, sync: true }));
}

const pinoLevels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error',
};

/**
 * The SDK's logger on pino. The SDK attaches the ids to every line from workflow and activity code
 * (namespace, taskQueue, workflowId, runId, workflowType; activityId, activityType and the workflow's ids), and
 * the worker's and Core's own lines arrive here too (`sdkComponent`).
 */
export class PinoSdkLogger implements SdkLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    // The SDK's timestamp rides on a symbol key, which JSON leaves out; pino stamps its own.
    this.logger[pinoLevels[level]]({ ...meta }, message);
  }

  trace(message: string, meta?: LogMetadata): void { this.log('TRACE', message, meta); }
  debug(message: string, meta?: LogMetadata): void { this.log('DEBUG', message, meta); }
  info(message: string, meta?: LogMetadata): void { this.log('INFO', message, meta); }
  warn(message: string, meta?: LogMetadata): void { this.log('WARN', message, meta); }
  error(message: string, meta?: LogMetadata): void { this.log('ERROR', message, meta); }
}

/**
 * The worker process's SDK runtime: logs through pino (Core's own lines forwarded at WARN and above) and the
 * SDK's Prometheus metrics (schedule-to-start latency, sticky cache, poll and task latencies, slots) served on
 * observability.sdkMetricsAddress. Must run before the first NativeConnection or Worker of the process.
 * A second worker on the same host finds the address taken: it runs on without metrics and says so, rather
 * than not running at all. Returns whether the metrics are served.
 */
export function installWorkerRuntime(config: Config, logger: Logger): boolean {
  const logging = { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } as const;
  try {
    Runtime.install({
      logger: new PinoSdkLogger(logger),
      telemetryOptions: { logging, metrics: { prometheus: { bindAddress: config.observability.sdkMetricsAddress } } },
    });
    return true;
  } catch (err) {
    if (!/prometheus/i.test((err as Error).message)) throw err;
    logger.warn({ err, sdkMetricsAddress: config.observability.sdkMetricsAddress }, 'SDK metrics are off: their address is taken (set CUTOVER_SDK_METRICS_ADDRESS for this worker)');
    Runtime.install({ logger: new PinoSdkLogger(logger), telemetryOptions: { logging } });
    return false;
  }
}

/** Where the ingress reads the worker's SDK metrics. */
export function sdkMetricsUrl(config: Config): string {
  if (config.observability.sdkMetricsUrl) return config.observability.sdkMetricsUrl;
  const address = config.observability.sdkMetricsAddress.replace(/^0\.0\.0\.0:/, '127.0.0.1:').replace(/^\[::\]:/, '[::1]:');
  return `http://${address}/metrics`;
}
