import fs from 'node:fs';
import path from 'node:path';

/**
 * Finds the Electron executable the way node_modules/electron/index.js does, without loading that file: requiring
 * 'electron' from Node starts a download from GitHub when the binary is missing, which hangs or fails on machines
 * that cannot reach GitHub. Used by the smoke suite's globalSetup (the default export) and by the spec to launch.
 */

export const repositoryRoot = path.resolve(__dirname, '../../..');

/** The executable inside Electron's dist folder, as electron's install.js names it per platform. */
function platformExecutable(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** The Electron executable's path, or undefined when it is not installed. Honours ELECTRON_OVERRIDE_DIST_PATH. */
export function findElectronExecutable(
  root: string = repositoryRoot,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const packageDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  const recorded = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH?.trim();
  const candidate = override
    ? path.join(override, recorded || platformExecutable(platform))
    : recorded && path.join(packageDir, 'dist', recorded);
  return candidate && fs.existsSync(candidate) ? candidate : undefined;
}

export const missingElectronMessage = [
  'The Electron binary is not installed, so the Electron smoke tests cannot run.',
  'The electron npm package downloads its binary from GitHub the first time it is used, and GitHub is unreachable from this machine.',
  'To get it, on a machine with internet access run `npx install-electron` in the repository (or run `npm start` once),',
  'or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an unpacked Electron build of the version in package.json.',
  '`npm test` covers everything else (typecheck, lint, unit, integration and the browser e2e suite) without it.',
].join('\n');

/** The executable's path; throws the explanation above when there is none. */
export function requireElectronExecutable(): string {
  const executable = findElectronExecutable();
  if (!executable) throw new Error(missingElectronMessage);
  return executable;
}

/** Playwright globalSetup: fail the whole run at once, with the explanation, rather than once per test. */
export default function checkElectronBinary(): void {
  requireElectronExecutable();
}
