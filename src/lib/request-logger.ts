import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Bindings, ChildLoggerOptions, LevelWithSilentOrString } from 'pino'

// Fastify gives every request a child logger bound to its request id. Making one costs pino a
// copy of the logger and, with the redaction of `*.headers.authorization` (a wildcard key),
// a pass of the redactor over the bindings: several microseconds per request, for a logger
// most requests never write to at the production level (warn). This one is made when a line
// is to be written at a level the parent logs, and then writes exactly what the child would.

type LogMethod = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'
type Logger = FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean }

/** Whether `logger` writes lines of `level`; a logger that cannot tell is asked to write them. */
const enabled = (logger: Logger, level: string): boolean => logger.isLevelEnabled?.(level) ?? true

class RequestLogger {
  #parent: Logger
  #bindings: Bindings
  #options: ChildLoggerOptions
  #child: Logger | undefined

  constructor (parent: Logger, bindings: Bindings, options: ChildLoggerOptions) {
    this.#parent = parent
    this.#bindings = bindings
    this.#options = options
  }

  #logger (): Logger {
    this.#child ??= this.#parent.child(this.#bindings, this.#options)
    return this.#child
  }

  #write (method: LogMethod, args: unknown[]): void {
    const logger = this.#child ?? (enabled(this.#parent, method) ? this.#logger() : undefined)
    if (logger) (logger[method] as (...args: unknown[]) => void)(...args)
  }

  get level (): LevelWithSilentOrString { return (this.#child ?? this.#parent).level }
  set level (level: LevelWithSilentOrString) { this.#logger().level = level }
  isLevelEnabled (level: string): boolean { return enabled(this.#child ?? this.#parent, level) }
  fatal (...args: unknown[]): void { this.#write('fatal', args) }
  error (...args: unknown[]): void { this.#write('error', args) }
  warn (...args: unknown[]): void { this.#write('warn', args) }
  info (...args: unknown[]): void { this.#write('info', args) }
  debug (...args: unknown[]): void { this.#write('debug', args) }
  trace (...args: unknown[]): void { this.#write('trace', args) }
  silent (): void {}
  child (bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger { return this.#logger().child(bindings, options) }
}

/** Fastify's `childLoggerFactory`: the request's logger, made on its first line. */
export function requestLogger (parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new RequestLogger(parent, bindings, options) as unknown as FastifyBaseLogger
}

/**
 * One line per request, when it is answered: the request (key parameters redacted by the `req`
 * serializer), the status and the time taken. Fastify's default is two lines, one on arrival;
 * each costs every answer tens of microseconds of CPU (bench/RESULTS.md, hotpath11). Error
 * lines are Fastify's own.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest (): void {}

  override requestCompleted (error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored')
    else if (enabled(reply.log, 'info')) reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed')
  }
}
