import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The folder boundaries in ARCHITECTURE.md are enforced by lint. Each case lints a one-line file placed in a folder
 * (the file need not exist) and expects the boundary rule to fire, or not.
 */
const eslint = new ESLint({ cwd: path.resolve(__dirname, '../..') });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports' || message.ruleId === 'no-restricted-syntax').map((message) => message.message);
}

describe('architecture boundaries', () => {
  it.each([
    ['src/core/sync/anything.ts', "import x from 'electron';"],
    ['src/shared/anything.ts', "import x from 'electron';"],
    ['src/sim/anything.ts', "import x from 'electron';"],
    ['src/cli/anything.ts', "import x from 'electron';"],
    ['src/renderer/pages/anything.tsx', "import x from 'electron';"],
    ['src/renderer/pages/anything.tsx', "import x from 'node:fs';"],
    ['src/renderer/pages/anything.tsx', "import x from 'fs';"],
    ['src/renderer/pages/anything.tsx', "import x from 'path';"],
    ['src/renderer/pages/anything.tsx', "import x from '../../core/core';"],
    ['src/renderer/pages/anything.tsx', "import x from '../../sim/server';"],
    ['src/renderer/pages/anything.tsx', 'const x = window.api;'],
    ['src/shared/anything.ts', "import x from 'node:crypto';"],
    ['src/shared/anything.ts', "import x from '../core/core';"],
    ['src/sim/anything.ts', "import x from '../core/db/connection';"],
    ['src/core/anything.ts', "import x from '../renderer/app';"],
  ])('%s may not: %s', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).not.toEqual([]);
  });

  it.each([
    ['electron/main/anything.ts', "import x from 'electron';"],
    ['electron/main/anything.ts', "import x from '../../src/core/core';"],
    ['src/core/anything.ts', "import x from 'node:fs';"],
    ['src/core/anything.ts', "import x from '../shared/contract';"],
    ['src/renderer/pages/anything.tsx', "import x from '../../shared/contract';"],
    ['src/renderer/lib/api.ts', 'const x = window.api;'],
    ['src/sim/anything.ts', "import x from '../shared/contract';"],
    ['src/cli/anything.ts', "import x from '../core/core';"],
  ])('%s may: %s', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });
});
