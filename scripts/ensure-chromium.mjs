// Installs Debian's Chromium for the browser tests when it is missing.
// playwright's own browser download cannot work offline-from-CDN machines, so we
// use the distribution's package and point playwright-core at /usr/bin/chromium.
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (existsSync(path)) process.exit(0)
console.error(`[ensure-chromium] ${path} is missing: installing Debian's chromium package`)
const sudo = process.getuid?.() === 0 ? '' : 'sudo '
try {
  execSync(
    `${sudo}apt-get update -qq && ${sudo}DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`,
    {
      stdio: 'inherit',
      shell: '/bin/bash',
    },
  )
} catch {
  console.error(
    '[ensure-chromium] could not install chromium with apt-get; install it and run the tests again',
  )
  process.exit(1)
}
