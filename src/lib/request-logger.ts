import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify'
import pino, { type Bindings, type ChildLoggerOptions, type LevelWithSilentOrString } from 'pino'

// Fastify gives every request a child logger bound to its request id. Making one costs pino a
// copy of the logger and, with the redaction of `*.headers.authorization` (a wildcard key),
// a pass of the redactor over the bindings: several microseconds per request, for a logger
// most requests never write to at the production level (warn). This one is made when a line
// is to be written at a level the parent logs, and then writes exactly what the child would.

type LogMethod = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'
type Logger = FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean }

const CENSOR = '[redacted]'

/**
 * Keys travel in Authorization: no log line may hold it, whatever the serializers do or
 * whatever object a line is given (the wildcard: any key's headers).
 */
export const LOG_REDACTION = { paths: ['req.headers.authorization', 'headers.authorization', '*.headers.authorization'], censor: CENSOR }

// The line written when a request is answered holds reqId, req, res and responseTime, and
// nothing else. Pino's redaction costs every answer a copy of req and res, the paths parsed
// again and, for the wildcard, a pass over both (about 13k instructions; bench/RESULTS.md,
// hotpath16). This line's logger redacts nothing itself: its req and res serializers (the
// parent's) are wrapped to censor an Authorization header they might put in, which covers
// every place the wildcard could find one in this line.
type Serializer = (value: unknown) => unknown
const answerLineLoggers = new WeakMap<Logger, Logger>()

/** `serialized` with any Authorization header censored. */
function withoutAuthorization (serialized: unknown): unknown {
  const headers = (serialized as { headers?: unknown } | null | undefined)?.headers
  if (typeof headers !== 'object' || headers === null || !('authorization' in headers)) return serialized
  return { ...(serialized as object), headers: { ...headers, authorization: CENSOR } }
}

/** A child of `parent` (same level, serializers and stream) for the line of an answer; made once. */
function answerLineLogger (parent: Logger): Logger {
  let logger = answerLineLoggers.get(parent)
  if (!logger) {
    const serializers = (parent as unknown as Record<symbol, Record<string, Serializer> | undefined>)[pino.symbols.serializersSym] ?? {}
    const censored = (key: string): Serializer => {
      const serializer = serializers[key]
      return serializer ? (value) => withoutAuthorization(serializer(value)) : withoutAuthorization
    }
    logger = parent.child({}, { redact: [], serializers: { req: censored('req'), res: censored('res') } }) as Logger
    answerLineLoggers.set(parent, logger)
  }
  return logger
}

/** What the line of an answer holds besides the request id. */
interface AnswerLine { req: FastifyRequest, res: FastifyReply, responseTime: number }

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

  /**
   * The info line of an answer: the same line the request's own logger would write (its bindings
   * come first either way), through answerLineLogger unless that logger was already made.
   */
  answered (line: AnswerLine, message: string): void {
    if (this.#child) return this.#child.info(line, message)
    if (!enabled(this.#parent, 'info')) return
    // Fastify binds the request id alone: one literal of the four keys is cheap, where adding
    // them to a copy of the bindings cost V8 a third of what the whole line's JSON does.
    const bindings = this.#bindings
    const fields = Object.keys(bindings).length === 1 && 'reqId' in bindings
      ? { reqId: bindings.reqId as unknown, req: line.req, res: line.res, responseTime: line.responseTime }
      : Object.assign({}, bindings, line)
    answerLineLogger(this.#parent).info(fields, message)
  }
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
    else if (reply.log instanceof RequestLogger) reply.log.answered({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed')
    else if (enabled(reply.log, 'info')) reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed')
  }
}
