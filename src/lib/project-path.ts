import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// Source runs from src/ in development and tests, and from dist/src/ once built: files that
// ship beside the code (migrations, the sample story) are found from the project root.
function findRoot (): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'prisma'))) return dir
    if (dir === path.dirname(dir)) throw new Error('Cannot find the Newsdesk project root (package.json beside prisma/).')
  }
}

const root = findRoot()

/** A path inside the project, e.g. projectPath('prisma', 'migrations'). */
export function projectPath (...segments: string[]): string {
  return path.join(root, ...segments)
}
