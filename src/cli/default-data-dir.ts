import os from 'node:os';
import path from 'node:path';

/**
 * Where the desktop app keeps its data (Electron's `userData` for an app named Recur), so a cron job run with no
 * options works on the same database the app shows. `RECUR_DATA_DIR` overrides it in both.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  const override = env.RECUR_DATA_DIR?.trim();
  if (override) return path.resolve(override);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Recur');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Recur');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Recur');
}
