import cliProgress from 'cli-progress'

export interface Progress {
  /** Moves to `done` of the total; `note` is the item just finished (a file name). */
  update: (done: number, note?: string) => void
  stop: () => void
}

/**
 * A progress bar on stderr when stderr is a terminal; otherwise (a pipe, a CI log) plain
 * lines, which read well in a file where a redrawn bar would be noise.
 */
export function createProgress (total: number, unit: string): Progress {
  if (!process.stderr.isTTY) {
    return {
      update: (done, note) => { if (note !== undefined) process.stderr.write(`[${done}/${total}] ${note}\n`) },
      stop: () => {}
    }
  }
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    format: `{bar} {percentage}% | {value}/{total} ${unit} | {eta_formatted} left | {note}`,
    hideCursor: true,
    etaBuffer: 50
  }, cliProgress.Presets.shades_classic)
  bar.start(total, 0, { note: '' })
  return {
    update: (done, note) => { bar.update(done, { note: note ?? '' }) },
    stop: () => { bar.stop() }
  }
}
