// Loaded into a measured server with NODE_OPTIONS=--import=<this file> (bench/newsroom/latency-probe.ts):
// appends each garbage collection's start (ms since the epoch), duration (ms) and kind to GC_OBSERVER_FILE,
// in batches, so the probe can sum the pauses inside its measured window.
import { appendFileSync } from 'node:fs'
import { PerformanceObserver, performance } from 'node:perf_hooks'

const file = process.env.GC_OBSERVER_FILE
if (file) {
  let lines = []
  const origin = performance.timeOrigin
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) lines.push(`${(origin + entry.startTime).toFixed(1)} ${entry.duration.toFixed(2)} ${entry.detail?.kind ?? 0}`)
  }).observe({ entryTypes: ['gc'] })
  const flush = () => { if (lines.length > 0) { appendFileSync(file, lines.join('\n') + '\n'); lines = [] } }
  setInterval(flush, 500).unref()
  process.on('exit', flush)
}
