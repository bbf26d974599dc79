/// <reference path="./kafkajs-internals.d.ts" />
import { LEVELS, createLogger, type InternalLogger } from 'kafkajs/src/loggers'
import type { KafkaConnectionConfig, KafkaLogEntry, KafkaLogLevel } from './types'

// kafkajs logs to the console in its own format by default; the handler logs JSON lines,
// so route every kafkajs log entry to a callback as a plain object.

const LEVEL_NUMBERS: Record<KafkaLogLevel, number> = {
  error: LEVELS.ERROR,
  warn: LEVELS.WARN,
  info: LEVELS.INFO,
  debug: LEVELS.DEBUG,
}

const LEVEL_NAMES: Record<number, KafkaLogLevel> = {
  [LEVELS.ERROR]: 'error',
  [LEVELS.WARN]: 'warn',
  [LEVELS.INFO]: 'info',
  [LEVELS.DEBUG]: 'debug',
}

function writeJsonToStderr(entry: KafkaLogEntry): void {
  process.stderr.write(JSON.stringify(entry) + '\n')
}

/** Where this folder's own log entries (retries) and kafkajs' go. */
export function logSink(config: KafkaConnectionConfig): (entry: KafkaLogEntry) => void {
  return config.log ?? writeJsonToStderr
}

/** kafkajs `logLevel` + `logCreator` options for a connection config. */
export function kafkajsLogOptions(config: KafkaConnectionConfig) {
  const sink = logSink(config)
  return {
    logLevel: LEVEL_NUMBERS[config.logLevel ?? 'warn'],
    logCreator:
      () =>
      ({ namespace, level, log }: { namespace: string; level: number; log: { message: string; [field: string]: unknown } }) => {
        const { timestamp: _timestamp, logger: _logger, ...fields } = log
        sink({ ...fields, level: LEVEL_NAMES[level] ?? 'info', namespace: `kafkajs.${namespace}`, message: log.message })
      },
  }
}

export function kafkajsLogger(config: KafkaConnectionConfig): InternalLogger {
  const { logLevel, logCreator } = kafkajsLogOptions(config)
  return createLogger({ level: logLevel, logCreator })
}
