// Copy the GOV.UK Frontend files the pages load into review_service/static/govuk/.
//
// Run by `npm run build` after the Sass compile. Plain node:fs only, so a fresh
// clone needs nothing beyond `npm ci`. Paths are resolved from this file, not
// the working directory. Fonts are not copied: we use a system font stack.

import { cpSync, copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..')
const source = join(repoRoot, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
const target = join(repoRoot, 'review_service', 'static', 'govuk')

if (!existsSync(source)) {
  console.error(`Missing ${relative(repoRoot, source)}: run \`npm ci\` first.`)
  process.exit(1)
}

// Start clean so files dropped by a govuk-frontend upgrade do not linger.
rmSync(target, { recursive: true, force: true })
mkdirSync(target, { recursive: true })

const copies = [
  ['govuk-frontend.min.js', 'govuk-frontend.min.js'],
  ['assets/manifest.json', 'manifest.json']
]
for (const [from, to] of copies) {
  copyFileSync(join(source, from), join(target, to))
}
cpSync(join(source, 'assets', 'images'), join(target, 'images'), { recursive: true })

console.log(`Copied GOV.UK Frontend JavaScript and images to ${relative(repoRoot, target)}/`)
